// One notification as a mail: its title, its sentence or two, and one button to what it is about.
import { Button, Heading, Text } from "@react-email/components";
import { MailLayout } from "./layout";

export interface NotificationMailProps {
  title: string;
  body: string;
  action: string;
  url: string;
  /** Why this person receives it, and where to change that. */
  footer: string;
}

export function NotificationMail({ title, body, action, url, footer }: NotificationMailProps) {
  return (
    <MailLayout preview={title} footer={footer}>
      <Heading as="h1" style={{ fontSize: 20, margin: "0 0 12px" }}>
        {title}
      </Heading>
      <Text style={{ fontSize: 15, lineHeight: "22px", margin: "0 0 20px" }}>{body}</Text>
      <Button
        href={url}
        style={{ backgroundColor: "#1d4ed8", color: "#ffffff", padding: "10px 16px", borderRadius: 6, fontSize: 15 }}
      >
        {action}
      </Button>
      <Text style={{ fontSize: 13, color: "#6b7280", margin: "20px 0 0" }}>Or open this link: {url}</Text>
    </MailLayout>
  );
}

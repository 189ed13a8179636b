// The frame of every Tessera mail: the name, the content, and why the person receives it.
import { Body, Container, Head, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

export function MailLayout({ preview, footer, children }: { preview: string; footer: string; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body
        style={{ backgroundColor: "#f6f7f9", fontFamily: "system-ui, -apple-system, Segoe UI, sans-serif", color: "#111827" }}
      >
        <Container style={{ maxWidth: 560, margin: "0 auto", padding: "24px 16px" }}>
          <Text style={{ fontSize: 18, fontWeight: 700, margin: "0 0 16px" }}>Tessera</Text>
          <Section style={{ backgroundColor: "#ffffff", borderRadius: 8, padding: 24 }}>{children}</Section>
          <Hr style={{ borderColor: "#e5e7eb", margin: "24px 0 12px" }} />
          <Text style={{ fontSize: 12, color: "#6b7280", margin: 0 }}>{footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}

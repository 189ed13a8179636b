// Renders a notification's mail (HTML and plain text) from its words and its link.
import "server-only";
import { createElement } from "react";
import { render } from "@react-email/render";
import { NotificationMail } from "./templates/notification-mail";

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export async function renderNotificationMail(props: {
  title: string;
  body: string;
  action: string;
  url: string;
  footer: string;
}): Promise<RenderedMail> {
  const element = createElement(NotificationMail, props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: props.title, html, text };
}

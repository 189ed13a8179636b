// A message as the thread shows it (select columns; join users on the sender).
import { users } from "@/db/schema/accounts";
import { messages } from "@/db/schema/messages";

export const messageColumns = {
  id: messages.id,
  seq: messages.seq,
  orderId: messages.orderId,
  senderId: messages.senderId,
  senderName: users.displayName,
  body: messages.body,
  status: messages.status,
  createdAt: messages.createdAt,
};

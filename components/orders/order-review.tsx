"use client";
// The traveler's review of a completed order and the host's one reply.
import { LocalTime } from "@/components/local-time";
import { useState } from "react";
import { api, errorMessage, fieldErrors } from "@/components/trpc/react";
import { Alert, Badge, Button, Card, Field } from "@/components/ui";
import { type Detail, useRefresh } from "./order-detail";

function Stars({ rating }: { rating: number }) {
  return (
    <span className="text-amber-500" aria-label={`${rating} out of 5 stars`}>
      {"★".repeat(rating)}
      <span className="text-slate-300">{"★".repeat(5 - rating)}</span>
    </span>
  );
}

export function ReviewSection({ order }: { order: Detail }) {
  const refresh = useRefresh(order.id);
  const create = api.reviews.create.useMutation({ onSuccess: refresh });
  const reply = api.reviews.reply.useMutation({ onSuccess: refresh });
  const [rating, setRating] = useState(5);
  const [body, setBody] = useState("");
  const [replyText, setReplyText] = useState("");
  if (order.status !== "COMPLETED") return null;
  const review = order.review;
  return (
    <Card title="Review">
      {review ? (
        <div className="space-y-3" data-testid="order-review">
          <p className="text-sm">
            <Stars rating={review.rating} />{" "}
            <span className="text-slate-500">
              by {review.travelerName} · <LocalTime date={review.createdAt} />
            </span>
            {review.status !== "VISIBLE" && (
              <Badge tone="warn">{review.status === "HELD" ? "waiting for a moderator" : "hidden by a moderator"}</Badge>
            )}
          </p>
          <p className="whitespace-pre-line text-sm text-slate-800">{review.body}</p>
          {review.reply && (
            <div className="rounded-md bg-slate-50 p-3 text-sm ring-1 ring-slate-200" data-testid="review-reply">
              <p className="text-xs font-medium text-slate-500">
                Reply from {order.hostName}
                {review.replyStatus && review.replyStatus !== "VISIBLE" && (
                  <Badge tone="warn">{review.replyStatus === "HELD" ? "waiting for a moderator" : "hidden by a moderator"}</Badge>
                )}
              </p>
              <p className="whitespace-pre-line text-slate-800">{review.reply}</p>
            </div>
          )}
          {order.canReply && (
            <form
              className="space-y-2"
              onSubmit={(e) => {
                e.preventDefault();
                reply.mutate({ reviewId: review.id, reply: replyText });
              }}
            >
              <Field label="Your reply (once)" error={fieldErrors(reply.error).reply}>
                {(props) => (
                  <textarea
                    {...props}
                    rows={3}
                    value={replyText}
                    onChange={(e) => setReplyText(e.target.value)}
                    className="block w-full rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-slate-300 focus:ring-2 focus:ring-teal-600"
                  />
                )}
              </Field>
              {reply.error && !fieldErrors(reply.error).reply && <Alert>{errorMessage(reply.error)}</Alert>}
              <Button type="submit" busy={reply.isPending} disabled={replyText.trim().length < 2}>
                Post reply
              </Button>
            </form>
          )}
        </div>
      ) : order.canReview ? (
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ orderId: order.id, rating, body });
          }}
        >
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Your rating</legend>
            <div className="mt-1 flex gap-3">
              {[1, 2, 3, 4, 5].map((n) => (
                <label key={n} className="flex items-center gap-1 text-sm">
                  <input type="radio" name="rating" value={n} checked={rating === n} onChange={() => setRating(n)} />
                  {n} {n === 1 ? "star" : "stars"}
                </label>
              ))}
            </div>
          </fieldset>
          <Field label="Your review" error={fieldErrors(create.error).body} hint="What should other travelers know?">
            {(props) => (
              <textarea
                {...props}
                rows={4}
                value={body}
                onChange={(e) => setBody(e.target.value)}
                className="block w-full rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-slate-300 focus:ring-2 focus:ring-teal-600"
              />
            )}
          </Field>
          {create.error && !fieldErrors(create.error).body && <Alert>{errorMessage(create.error)}</Alert>}
          <Button type="submit" busy={create.isPending}>
            Post review
          </Button>
        </form>
      ) : (
        <p className="text-sm text-slate-600">No review yet.</p>
      )}
    </Card>
  );
}

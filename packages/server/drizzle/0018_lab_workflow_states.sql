-- Samples before the lab workflow: a result was final when typed, so 'judged' acted as verified.
UPDATE "samples" SET "status" = 'verified', "verified_at" = "judged_at", "state_at" = coalesce("judged_at", "created_at"), "entered_verdict" = "verdict" WHERE "status" = 'judged';
--> statement-breakpoint
UPDATE "samples" SET "status" = 'registered', "state_at" = "created_at" WHERE "status" = 'sampled';

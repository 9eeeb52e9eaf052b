DROP INDEX "violations_scope_idx";--> statement-breakpoint
DROP INDEX "violations_type_idx";--> statement-breakpoint
DROP INDEX "violations_account_idx";--> statement-breakpoint
DROP INDEX "violations_assignee_idx";--> statement-breakpoint
CREATE INDEX "violations_scope_idx" ON "violations" USING btree ("scope",array_position(array['critical','high','medium','low']::text[], "severity"),"id");--> statement-breakpoint
CREATE INDEX "violations_type_idx" ON "violations" USING btree ("resource_type",array_position(array['critical','high','medium','low']::text[], "severity"),"id");--> statement-breakpoint
CREATE INDEX "violations_account_idx" ON "violations" USING btree ("account",array_position(array['critical','high','medium','low']::text[], "severity"),"id");--> statement-breakpoint
CREATE INDEX "violations_assignee_idx" ON "violations" USING btree ("assignee",array_position(array['critical','high','medium','low']::text[], "severity"),"id") WHERE "violations"."assignee" is not null;
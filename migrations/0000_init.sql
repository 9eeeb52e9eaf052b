CREATE TABLE "connections" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connections_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "resources" (
	"key" text PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"type" text NOT NULL,
	"native_type" text NOT NULL,
	"name" text NOT NULL,
	"provider" text NOT NULL,
	"account" text,
	"region" text,
	"urn" text,
	"native_id" text,
	"role" text NOT NULL,
	"parent_key" text,
	"source" text NOT NULL,
	"props" jsonb NOT NULL,
	"tags" jsonb NOT NULL,
	"iac" jsonb NOT NULL,
	"first_seen_scan" bigint NOT NULL,
	"last_seen_scan" bigint NOT NULL,
	"deleted_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scan_exclusions" (
	"scan_id" bigint NOT NULL,
	"policy_id" text NOT NULL,
	"resource_key" text NOT NULL,
	"pattern" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scan_scopes" (
	"scan_id" bigint NOT NULL,
	"scope" text NOT NULL,
	"resources" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scans" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"trigger" text NOT NULL,
	"sources" jsonb NOT NULL,
	"packs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "controls" (
	"framework" text NOT NULL,
	"control" text NOT NULL,
	"title" text NOT NULL,
	"family" text NOT NULL,
	CONSTRAINT "controls_framework_control_pk" PRIMARY KEY("framework","control")
);
--> statement-breakpoint
CREATE TABLE "policies" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"severity" text NOT NULL,
	"rationale" text NOT NULL,
	"remediation" text NOT NULL,
	"resource_types" jsonb NOT NULL,
	"has_property_fix" boolean NOT NULL,
	"template" text
);
--> statement-breakpoint
CREATE TABLE "policy_controls" (
	"policy_id" text NOT NULL,
	"framework" text NOT NULL,
	"control" text NOT NULL,
	CONSTRAINT "policy_controls_policy_id_framework_control_pk" PRIMARY KEY("policy_id","framework","control")
);
--> statement-breakpoint
CREATE TABLE "suppressions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"filter" jsonb,
	"violation_ids" jsonb,
	"reason" text NOT NULL,
	"approved_by" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "violation_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"violation_id" bigint NOT NULL,
	"scan_id" bigint,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "violations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"fingerprint" text NOT NULL,
	"policy_id" text NOT NULL,
	"resource_key" text NOT NULL,
	"scope" text NOT NULL,
	"resource_type" text NOT NULL,
	"account" text,
	"severity" text NOT NULL,
	"status" text NOT NULL,
	"message" text NOT NULL,
	"assignee" text,
	"due_at" timestamp with time zone,
	"first_seen_scan" bigint NOT NULL,
	"last_seen_scan" bigint NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_how" text,
	"suppression_id" bigint,
	"remediation_run_id" bigint,
	"fix_id" bigint,
	"pull_request_id" bigint,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "violations_fingerprint_unique" UNIQUE("fingerprint")
);
--> statement-breakpoint
CREATE TABLE "fixes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" bigint NOT NULL,
	"group_key" text NOT NULL,
	"strategy" text,
	"status" text NOT NULL,
	"patch" text,
	"verification" jsonb,
	"tokens_in" integer DEFAULT 0 NOT NULL,
	"tokens_out" integer DEFAULT 0 NOT NULL,
	"duration_ms" integer,
	"error" text,
	"violations" integer DEFAULT 0 NOT NULL,
	"base_sha" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "local_pull_requests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"repo" text NOT NULL,
	"head" text NOT NULL,
	"base" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"state" text NOT NULL,
	"draft" boolean DEFAULT false NOT NULL,
	"labels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"merge_sha" text,
	"closed_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"merged_at" timestamp with time zone,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "pull_requests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" bigint,
	"forge" text NOT NULL,
	"repo" text NOT NULL,
	"branch" text NOT NULL,
	"base_branch" text,
	"batch_key" text NOT NULL,
	"number" integer,
	"url" text,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"state" text NOT NULL,
	"draft" boolean DEFAULT false NOT NULL,
	"approval" text DEFAULT 'not-required' NOT NULL,
	"approval_reason" text,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"labels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"fingerprint" text,
	"fix_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"head_sha" text,
	"base_sha" text,
	"pushed_by_person" text,
	"held_by" text,
	"scheduled_for" timestamp with time zone,
	"checks" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"closed_reason" text,
	"last_error" text,
	"lease_until" timestamp with time zone,
	"opened_at" timestamp with time zone,
	"merged_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"synced_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "remediation_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"filter" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"tokens_in" integer DEFAULT 0 NOT NULL,
	"tokens_out" integer DEFAULT 0 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"target" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"token_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"public_id" text NOT NULL,
	"salt" text NOT NULL,
	"hash" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_name_unique" UNIQUE("name"),
	CONSTRAINT "api_tokens_public_id_unique" UNIQUE("public_id")
);
--> statement-breakpoint
CREATE TABLE "backlog_snapshots" (
	"scan_id" bigint PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"open" integer NOT NULL,
	"by_severity" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "violation_count_deltas" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"policy_id" text NOT NULL,
	"severity" text NOT NULL,
	"status" text NOT NULL,
	"n" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "violation_due_deltas" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"severity" text NOT NULL,
	"status" text NOT NULL,
	"due_day" date NOT NULL,
	"n" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "resources_scope_idx" ON "resources" USING btree ("scope");--> statement-breakpoint
CREATE INDEX "resources_type_idx" ON "resources" USING btree ("type");--> statement-breakpoint
CREATE INDEX "resources_account_idx" ON "resources" USING btree ("account");--> statement-breakpoint
CREATE INDEX "scan_exclusions_scan_idx" ON "scan_exclusions" USING btree ("scan_id","policy_id");--> statement-breakpoint
CREATE INDEX "scan_scopes_scan_idx" ON "scan_scopes" USING btree ("scan_id");--> statement-breakpoint
CREATE INDEX "scans_started_idx" ON "scans" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "policy_controls_control_idx" ON "policy_controls" USING btree ("framework","control");--> statement-breakpoint
CREATE INDEX "violation_events_violation_idx" ON "violation_events" USING btree ("violation_id","id");--> statement-breakpoint
CREATE INDEX "violation_events_scan_idx" ON "violation_events" USING btree ("scan_id","id") WHERE "violation_events"."scan_id" is not null;--> statement-breakpoint
CREATE INDEX "violations_status_severity_idx" ON "violations" USING btree ("status","severity","id");--> statement-breakpoint
CREATE INDEX "violations_policy_idx" ON "violations" USING btree ("policy_id","status");--> statement-breakpoint
CREATE INDEX "violations_resource_idx" ON "violations" USING btree ("resource_key");--> statement-breakpoint
CREATE INDEX "violations_scope_idx" ON "violations" USING btree ("scope");--> statement-breakpoint
CREATE INDEX "violations_type_idx" ON "violations" USING btree ("resource_type");--> statement-breakpoint
CREATE INDEX "violations_account_idx" ON "violations" USING btree ("account");--> statement-breakpoint
CREATE INDEX "violations_assignee_idx" ON "violations" USING btree ("assignee") WHERE "violations"."assignee" is not null;--> statement-breakpoint
CREATE INDEX "violations_severity_rank_idx" ON "violations" USING btree (array_position(array['critical','high','medium','low']::text[], "severity"),"id");--> statement-breakpoint
CREATE INDEX "violations_run_idx" ON "violations" USING btree ("remediation_run_id","status") WHERE "violations"."remediation_run_id" is not null;--> statement-breakpoint
CREATE INDEX "violations_pull_request_idx" ON "violations" USING btree ("pull_request_id") WHERE "violations"."pull_request_id" is not null;--> statement-breakpoint
CREATE INDEX "violations_fix_idx" ON "violations" USING btree ("fix_id") WHERE "violations"."fix_id" is not null;--> statement-breakpoint
CREATE INDEX "violations_open_age_idx" ON "violations" USING btree ("created_at","id") WHERE "violations"."status" in ('open', 'assigned', 'queued', 'fixing', 'fix_proposed', 'fix_merged', 'needs_human', 'failed');--> statement-breakpoint
CREATE INDEX "violations_open_due_idx" ON "violations" USING btree ("due_at","severity") WHERE "violations"."status" in ('open', 'assigned', 'queued', 'fixing', 'fix_proposed', 'fix_merged', 'needs_human', 'failed');--> statement-breakpoint
CREATE UNIQUE INDEX "fixes_run_group_idx" ON "fixes" USING btree ("run_id","group_key");--> statement-breakpoint
CREATE INDEX "local_pull_requests_repo_idx" ON "local_pull_requests" USING btree ("repo","head");--> statement-breakpoint
CREATE INDEX "pull_requests_repo_idx" ON "pull_requests" USING btree ("forge","repo","state");--> statement-breakpoint
CREATE INDEX "pull_requests_opened_idx" ON "pull_requests" USING btree ("opened_at");--> statement-breakpoint
CREATE UNIQUE INDEX "pull_requests_live_branch_idx" ON "pull_requests" USING btree ("forge","repo","branch") WHERE state in ('scheduled', 'open', 'error');--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "api_sessions_token_idx" ON "api_sessions" USING btree ("token_id");--> statement-breakpoint
CREATE INDEX "backlog_snapshots_at_idx" ON "backlog_snapshots" USING btree ("at");--> statement-breakpoint
CREATE INDEX "violation_count_deltas_key_idx" ON "violation_count_deltas" USING btree ("policy_id","severity","status");
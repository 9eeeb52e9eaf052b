// Shared settings for every module: who owns what, and where it runs.
// Keep tags in sync with the FinOps tagging policy (wiki: Cloud/Tagging-v3).
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();

export const env = pulumi.getStack();
export const region = "us-east-1";
// The payments production account (see the account map in the landing-zone repo).
export const accountId = "492817365014";
export const owner = config.get("owner") ?? "platform-team@acme-payments.example";

// CIDR of the corporate VPN; anything admin-facing should only be reachable from here.
export const vpnCidr = "10.20.0.0/16";

export type Team = "platform" | "payments" | "data" | "security" | "growth";

/** The mandatory tag set; `extra` wins over the defaults. */
export function tags(team: Team, costCenter: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
        owner,
        team,
        env,
        "cost-center": costCenter,
        "managed-by": "pulumi",
        ...extra,
    };
}

/**
 * How each CLI says "throttled", "not there" and "not allowed" on stderr. The patterns are the
 * CLIs' own wording (botocore's `An error occurred (<Code>) when calling the <Op> operation`,
 * the Kubernetes API's `Error from server (TooManyRequests)`, Google's `RESOURCE_EXHAUSTED`,
 * Azure's `(TooManyRequests)`), so a message no pattern knows is reported as a plain failure.
 */
import type { CliKind } from '../../connections/config.ts';
import type { CliDialect } from './exec.ts';

const AWS_ERROR = /An error occurred \(([A-Za-z0-9.]+)\)/;
const AWS_THROTTLING = /\b(ThrottlingException|RequestLimitExceeded|TooManyRequestsException|Throttling|ThrottledException|SlowDown|RequestThrottled)\b/;
const AWS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError', 'UnauthorizedAccess']);
const AWS_CREDENTIALS = new Set(['InvalidClientTokenId', 'ExpiredToken', 'ExpiredTokenException', 'SignatureDoesNotMatch', 'InvalidAccessKeyId', 'UnrecognizedClientException']);
const CREDENTIALS_HINT =
  'Check the credentials this connection gets (its --env-file, --esc environment or --profile), then run the same command yourself to confirm they work.';

export const awsDialect: CliDialect = {
  errorCode: (stderr) => AWS_ERROR.exec(stderr)?.[1],
  throttled: (stderr) => AWS_THROTTLING.test(stderr),
  hint(stderr, exitCode) {
    const code = AWS_ERROR.exec(stderr)?.[1];
    if (code && AWS_DENIED.has(code)) {
      return 'The scanning identity may not make this read-only call; attach the AWS managed SecurityAudit (or ReadOnlyAccess) policy to it.';
    }
    // AWS CLI v2 exits 253 when it cannot find or load credentials or configuration.
    if ((code && AWS_CREDENTIALS.has(code)) || exitCode === 253 || /Unable to locate credentials|could not be found|Token has expired/i.test(stderr)) {
      return CREDENTIALS_HINT;
    }
    return undefined;
  },
};

export const kubectlDialect: CliDialect = {
  errorCode: (stderr) => /Error from server \(([A-Za-z]+)\)/.exec(stderr)?.[1],
  throttled: (stderr) => /\b429\b|TooManyRequests/.test(stderr),
  hint(stderr) {
    if (/Forbidden|forbidden/.test(stderr)) {
      return 'The kubeconfig user may not list these kinds; grant it the built-in `view` ClusterRole plus read access to RBAC objects.';
    }
    if (/context .* does not exist|Unauthorized|You must be logged in|no configuration has been provided/i.test(stderr)) return CREDENTIALS_HINT;
    return undefined;
  },
};

export const gcloudDialect: CliDialect = {
  errorCode: (stderr) => /\b(PERMISSION_DENIED|NOT_FOUND|RESOURCE_EXHAUSTED|UNAUTHENTICATED)\b/.exec(stderr)?.[1],
  throttled: (stderr) => /\b429\b|RESOURCE_EXHAUSTED|rateLimitExceeded|Quota exceeded/.test(stderr),
  hint(stderr) {
    if (/PERMISSION_DENIED|does not have .* access|403/.test(stderr)) {
      return 'The account may not read this; grant it roles/viewer and roles/iam.securityReviewer on the project.';
    }
    if (/UNAUTHENTICATED|gcloud auth login|no active account/i.test(stderr)) return CREDENTIALS_HINT;
    return undefined;
  },
};

export const azDialect: CliDialect = {
  errorCode: (stderr) => /\(([A-Za-z]+)\)/.exec(stderr)?.[1],
  throttled: (stderr) => /TooManyRequests|\b429\b|throttl/i.test(stderr),
  hint(stderr) {
    if (/AuthorizationFailed|does not have authorization/.test(stderr)) {
      return 'The identity may not read this; assign it the Reader role (and Security Reader) on the subscription.';
    }
    if (/az login|AADSTS|No subscription found/i.test(stderr)) return CREDENTIALS_HINT;
    return undefined;
  },
};

export const DIALECTS: Record<CliKind, CliDialect> = {
  aws: awsDialect,
  kubectl: kubectlDialect,
  gcloud: gcloudDialect,
  az: azDialect,
};

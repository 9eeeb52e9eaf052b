export * from './inventory.ts';
export * from './policies.ts';
export * from './violations.ts';
export * from './remediation.ts';
export * from './audit.ts';
export * from './auth.ts';
export * from './backlog.ts';

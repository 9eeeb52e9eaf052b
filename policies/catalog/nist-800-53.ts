/**
 * NIST SP 800-53 Rev. 5: the controls sweep's rules map to and their close neighbours. Base
 * controls are written `SC-28`, enhancements `SC-28(1)` with the parent's title before a bar, as
 * the publication prints them.
 */
import type { Catalog, Control } from './types.ts';

const FAMILIES: Record<string, string> = {
  AC: 'Access Control',
  AU: 'Audit and Accountability',
  CM: 'Configuration Management',
  CP: 'Contingency Planning',
  IA: 'Identification and Authentication',
  RA: 'Risk Assessment',
  SA: 'System and Services Acquisition',
  SC: 'System and Communications Protection',
  SI: 'System and Information Integrity',
};

function control(id: string, title: string): Control {
  return { id, title, family: FAMILIES[id.slice(0, 2)] };
}

export const nist80053: Catalog = {
  framework: 'nist-800-53',
  name: 'NIST SP 800-53 Rev. 5',
  version: '5',
  controls: [
    control('AC-2', 'Account Management'),
    control('AC-3', 'Access Enforcement'),
    control('AC-4', 'Information Flow Enforcement'),
    control('AC-6', 'Least Privilege'),
    control('AC-17', 'Remote Access'),
    control('AU-2', 'Event Logging'),
    control('AU-3', 'Content of Audit Records'),
    control('AU-6', 'Audit Record Review, Analysis, and Reporting'),
    control('AU-9', 'Protection of Audit Information'),
    control('AU-11', 'Audit Record Retention'),
    control('AU-12', 'Audit Record Generation'),
    control('CM-2', 'Baseline Configuration'),
    control('CM-3', 'Configuration Change Control'),
    control('CM-6', 'Configuration Settings'),
    control('CM-7', 'Least Functionality'),
    control('CM-8', 'System Component Inventory'),
    control('CP-6', 'Alternate Storage Site'),
    control('CP-9', 'System Backup'),
    control('CP-10', 'System Recovery and Reconstitution'),
    control('IA-2', 'Identification and Authentication (Organizational Users)'),
    control('IA-5', 'Authenticator Management'),
    control('IA-5(1)', 'Authenticator Management | Password-based Authentication'),
    control('RA-5', 'Vulnerability Monitoring and Scanning'),
    control('SA-22', 'Unsupported System Components'),
    control('SC-5', 'Denial-of-service Protection'),
    control('SC-6', 'Resource Availability'),
    control('SC-7', 'Boundary Protection'),
    control('SC-8', 'Transmission Confidentiality and Integrity'),
    control('SC-8(1)', 'Transmission Confidentiality and Integrity | Cryptographic Protection'),
    control('SC-12', 'Cryptographic Key Establishment and Management'),
    control('SC-13', 'Cryptographic Protection'),
    control('SC-28', 'Protection of Information at Rest'),
    control('SC-28(1)', 'Protection of Information at Rest | Cryptographic Protection'),
    control('SC-36', 'Distributed Processing and Storage'),
    control('SC-39', 'Process Isolation'),
    control('SI-2', 'Flaw Remediation'),
    control('SI-4', 'System Monitoring'),
    control('SI-7', 'Software, Firmware, and Information Integrity'),
    control('SI-10', 'Information Input Validation'),
    control('SI-12', 'Information Management and Retention'),
  ],
};

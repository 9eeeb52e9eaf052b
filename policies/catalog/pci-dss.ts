/**
 * PCI DSS v4.0 defined-approach requirements that sweep's rules map to, with the requirement text
 * as the standard states it (bulleted elements joined into sentences).
 */
import type { Catalog, Control } from './types.ts';

const REQUIREMENTS: Record<string, string> = {
  '1': 'Requirement 1: Install and Maintain Network Security Controls',
  '2': 'Requirement 2: Apply Secure Configurations to All System Components',
  '3': 'Requirement 3: Protect Stored Account Data',
  '4': 'Requirement 4: Protect Cardholder Data with Strong Cryptography During Transmission Over Open, Public Networks',
  '6': 'Requirement 6: Develop and Maintain Secure Systems and Software',
  '7': 'Requirement 7: Restrict Access to System Components and Cardholder Data by Business Need to Know',
  '8': 'Requirement 8: Identify Users and Authenticate Access to System Components',
  '10': 'Requirement 10: Log and Monitor All Access to System Components and Cardholder Data',
  '11': 'Requirement 11: Test Security of Systems and Networks Regularly',
};

function control(id: string, title: string): Control {
  return { id, title, family: REQUIREMENTS[id.split('.')[0]] };
}

export const pciDss: Catalog = {
  framework: 'pci-dss',
  name: 'PCI DSS v4.0',
  version: '4.0',
  controls: [
    control('1.2.1', 'Configuration standards for NSC rulesets are: Defined. Implemented. Maintained.'),
    control('1.3.1', 'Inbound traffic to the CDE is restricted as follows: To only traffic that is necessary. All other traffic is specifically denied.'),
    control('1.3.2', 'Outbound traffic from the CDE is restricted as follows: To only traffic that is necessary. All other traffic is specifically denied.'),
    control('1.4.1', 'NSCs are implemented between trusted and untrusted networks.'),
    control(
      '1.4.2',
      'Inbound traffic from untrusted networks to trusted networks is restricted to: Communications with system components that are authorized to provide publicly accessible services, protocols, and ports. Stateful responses to communications initiated by system components in a trusted network. All other traffic is denied.',
    ),
    control('1.4.4', 'System components that store cardholder data are not directly accessible from untrusted networks.'),
    control('2.2.4', 'Only necessary services, protocols, daemons, and functions are enabled, and all unnecessary functionality is removed or disabled.'),
    control('2.2.6', 'System security parameters are configured to prevent misuse.'),
    control('2.2.7', 'All non-console administrative access is encrypted using strong cryptography.'),
    control(
      '3.5.1',
      'PAN is rendered unreadable anywhere it is stored by using any of the following approaches: One-way hashes based on strong cryptography of the entire PAN. Truncation (hashing cannot be used to replace the truncated segment of PAN). Index tokens. Strong cryptography with associated key-management processes and procedures.',
    ),
    control(
      '3.6.1',
      'Procedures are defined and implemented to protect cryptographic keys used to protect stored account data against disclosure and misuse that include: Access to keys is restricted to the fewest number of custodians necessary. Key-encrypting keys are at least as strong as the data-encrypting keys they protect. Key-encrypting keys are stored separately from data-encrypting keys. Keys are stored securely in the fewest possible locations and forms.',
    ),
    control(
      '3.7.4',
      'Key management policies and procedures are implemented for cryptographic key changes for keys that have reached the end of their cryptoperiod, as defined by the associated application vendor or key owner, and based on industry best practices and guidelines, including the following: A defined cryptoperiod for each key type in use. A process for key changes at the end of the defined cryptoperiod.',
    ),
    control(
      '4.2.1',
      'Strong cryptography and security protocols are implemented as follows to safeguard PAN during transmission over open, public networks: Only trusted keys and certificates are accepted. Certificates used to safeguard PAN during transmission over open, public networks are confirmed as valid and are not expired or revoked. The protocol in use supports only secure versions or configurations and does not support fallback to, or use of insecure versions, algorithms, key sizes, or implementations. The encryption strength is appropriate for the encryption methodology in use.',
    ),
    control(
      '6.3.1',
      'Security vulnerabilities are identified and managed as follows: New security vulnerabilities are identified using industry-recognized sources for security vulnerability information, including alerts from international and national computer emergency response teams (CERTs). Vulnerabilities are assigned a risk ranking based on industry best practices and consideration of potential impact. Risk rankings identify, at a minimum, all vulnerabilities considered to be a high-risk or critical to the environment. Vulnerabilities for bespoke and custom, and third-party software (for example operating systems and databases) are covered.',
    ),
    control(
      '6.3.3',
      'All system components are protected from known vulnerabilities by installing applicable security patches/updates as follows: Critical or high-security patches/updates (identified according to the risk ranking process at Requirement 6.3.1) are installed within one month of release. All other applicable security patches/updates are installed within an appropriate time frame as determined by the entity (for example, within three months of release).',
    ),
    control(
      '6.4.2',
      'For public-facing web applications, an automated technical solution is deployed that continually detects and prevents web-based attacks, with at least the following: Is installed in front of public-facing web applications and is configured to detect and prevent web-based attacks. Actively running and up to date as applicable. Generating audit logs. Configured to either block web-based attacks or generate an alert that is immediately investigated.',
    ),
    control(
      '7.2.1',
      "An access control model is defined and includes granting access as follows: Appropriate access depending on the entity's business and access needs. Access to system components and data resources that is based on users' job classification and functions. The least privileges required (for example, user, administrator) to perform a job function.",
    ),
    control(
      '7.2.2',
      'Access is assigned to users, including privileged users, based on: Job classification and function. Least privileges necessary to perform job responsibilities.',
    ),
    control(
      '8.3.6',
      'If passwords/passphrases are used as authentication factors to meet Requirement 8.3.1, they meet the following minimum level of complexity: A minimum length of 12 characters (or IF the system does not support 12 characters, a minimum length of eight characters). Contain both numeric and alphabetic characters.',
    ),
    control(
      '8.3.7',
      'Individuals are not allowed to submit a new password/passphrase that is the same as any of the last four passwords/passphrases used.',
    ),
    control(
      '8.6.3',
      "Passwords/passphrases for any application and system accounts are protected against misuse as follows: Passwords/passphrases are changed periodically (at the frequency defined in the entity's targeted risk analysis, which is performed according to all elements specified in Requirement 12.3.1) and upon suspicion or confirmation of compromise. Passwords/passphrases are constructed with sufficient complexity appropriate for how frequently the entity changes the passwords/passphrases.",
    ),
    control('10.2.1', 'Audit logs are enabled and active for all system components and cardholder data.'),
    control('10.2.1.3', 'Audit logs capture all access to audit logs.'),
    control('10.3.1', 'Read access to audit logs files is limited to those with a job-related need.'),
    control('10.3.2', 'Audit log files are protected to prevent modifications by individuals.'),
    control(
      '10.3.3',
      'Audit log files, including those for external-facing technologies, are promptly backed up to a secure, central, internal log server(s) or other media that is difficult to modify.',
    ),
    control(
      '10.3.4',
      'File integrity monitoring or change-detection mechanisms is used on audit logs to ensure that existing log data cannot be changed without generating alerts.',
    ),
    control('10.5.1', 'Retain audit log history for at least 12 months, with at least the most recent three months immediately available for analysis.'),
    control(
      '11.5.1',
      'Intrusion-detection and/or intrusion-prevention techniques are used to detect and/or prevent intrusions into the network as follows: All traffic is monitored at the perimeter of the CDE. All traffic is monitored at critical points in the CDE. Personnel are alerted to suspected compromises. All intrusion-detection and prevention engines, baselines, and signatures are kept up to date.',
    ),
  ],
};

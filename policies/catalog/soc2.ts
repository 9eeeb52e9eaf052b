/**
 * AICPA 2017 Trust Services Criteria (SOC 2), the criteria sweep's rules map to and their
 * neighbours; each title is the criterion's text.
 */
import type { Catalog, Control } from './types.ts';

const GROUPS: Record<string, string> = {
  CC6: 'Logical and Physical Access Controls',
  CC7: 'System Operations',
  CC8: 'Change Management',
  A1: 'Additional Criteria for Availability',
  C1: 'Additional Criteria for Confidentiality',
};

function control(id: string, title: string): Control {
  return { id, title, family: GROUPS[id.split('.')[0]] };
}

export const soc2: Catalog = {
  framework: 'soc2',
  name: 'AICPA Trust Services Criteria (2017)',
  version: '2017',
  controls: [
    control(
      'CC6.1',
      "The entity implements logical access security software, infrastructure, and architectures over protected information assets to protect them from security events to meet the entity's objectives.",
    ),
    control(
      'CC6.2',
      'Prior to issuing system credentials and granting system access, the entity registers and authorizes new internal and external users whose access is administered by the entity. For those users whose access is administered by the entity, user system credentials are removed when user access is no longer authorized.',
    ),
    control(
      'CC6.3',
      "The entity authorizes, modifies, or removes access to data, software, functions, and other protected information assets based on roles, responsibilities, or the system design and changes, giving consideration to the concepts of least privilege and segregation of duties, to meet the entity's objectives.",
    ),
    control('CC6.6', 'The entity implements logical access security measures to protect against threats from sources outside its system boundaries.'),
    control(
      'CC6.7',
      "The entity restricts the transmission, movement, and removal of information to authorized internal and external users and processes, and protects it during transmission, movement, or removal to meet the entity's objectives.",
    ),
    control(
      'CC6.8',
      "The entity implements controls to prevent or detect and act upon the introduction of unauthorized or malicious software to meet the entity's objectives.",
    ),
    control(
      'CC7.1',
      'To meet its objectives, the entity uses detection and monitoring procedures to identify (1) changes to configurations that result in the introduction of new vulnerabilities, and (2) susceptibilities to newly discovered vulnerabilities.',
    ),
    control(
      'CC7.2',
      "The entity monitors system components and the operation of those components for anomalies that are indicative of malicious acts, natural disasters, and errors affecting the entity's ability to meet its objectives; anomalies are analyzed to determine whether they represent security events.",
    ),
    control('CC7.5', 'The entity identifies, develops, and implements activities to recover from identified security incidents.'),
    control(
      'CC8.1',
      'The entity authorizes, designs, develops or acquires, configures, documents, tests, approves, and implements changes to infrastructure, data, software, and procedures to meet its objectives.',
    ),
    control(
      'A1.1',
      'The entity maintains, monitors, and evaluates current processing capacity and use of system components (infrastructure, data, and software) to manage capacity demand and to enable the implementation of additional capacity to help meet its objectives.',
    ),
    control(
      'A1.2',
      'The entity authorizes, designs, develops or acquires, implements, operates, approves, maintains, and monitors environmental protections, software, data back-up processes, and recovery infrastructure to meet its objectives.',
    ),
    control('A1.3', 'The entity tests recovery plan procedures supporting system recovery to meet its objectives.'),
    control('C1.1', "The entity identifies and maintains confidential information to meet the entity's objectives related to confidentiality."),
    control('C1.2', "The entity disposes of confidential information to meet the entity's objectives related to confidentiality."),
  ],
};

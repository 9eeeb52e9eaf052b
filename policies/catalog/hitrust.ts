/**
 * HITRUST CSF v11: the control references sweep's rules map to and their neighbours, filed under
 * the CSF control categories.
 */
import type { Catalog, Control } from './types.ts';

const CATEGORIES: Record<string, string> = {
  '01': '01 Access Control',
  '06': '06 Compliance',
  '09': '09 Communications and Operations Management',
  '10': '10 Information Systems Acquisition, Development, and Maintenance',
  '12': '12 Business Continuity Management',
};

function control(id: string, title: string): Control {
  return { id, title, family: CATEGORIES[id.slice(0, 2)] };
}

export const hitrust: Catalog = {
  framework: 'hitrust',
  name: 'HITRUST CSF v11',
  version: '11',
  controls: [
    control('01.a', 'Access Control Policy'),
    control('01.c', 'Privilege Management'),
    control('01.d', 'User Password Management'),
    control('01.j', 'User Authentication for External Connections'),
    control('01.l', 'Remote Diagnostic and Configuration Port Protection'),
    control('01.m', 'Segregation in Networks'),
    control('01.n', 'Network Connection Control'),
    control('01.q', 'User Identification and Authentication'),
    control('01.r', 'Password Management System'),
    control('01.v', 'Information Access Restriction'),
    control('06.c', 'Protection of Organizational Records'),
    control('06.d', 'Data Protection and Privacy of Covered Information'),
    control('09.b', 'Change Management'),
    control('09.h', 'Capacity Management'),
    control('09.l', 'Back-up'),
    control('09.m', 'Network Controls'),
    control('09.n', 'Security of Network Services'),
    control('09.s', 'Information Exchange Policies and Procedures'),
    control('09.aa', 'Audit Logging'),
    control('09.ab', 'Monitoring System Use'),
    control('09.ac', 'Protection of Log Information'),
    control('09.ad', 'Administrator and Operator Logs'),
    control('10.f', 'Policy on the Use of Cryptographic Controls'),
    control('10.g', 'Key Management'),
    control('10.h', 'Control of Operational Software'),
    control('10.m', 'Control of Technical Vulnerabilities'),
    control('12.c', 'Developing and Implementing Continuity Plans Including Information Security'),
  ],
};

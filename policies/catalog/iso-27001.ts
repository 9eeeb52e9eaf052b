/** ISO/IEC 27001:2022 Annex A controls that sweep's rules map to, and their neighbours. */
import type { Catalog, Control } from './types.ts';

const THEMES: Record<string, string> = {
  '5': 'Organizational controls',
  '6': 'People controls',
  '7': 'Physical controls',
  '8': 'Technological controls',
};

function control(id: string, title: string): Control {
  return { id, title, family: THEMES[id.split('.')[1]] };
}

export const iso27001: Catalog = {
  framework: 'iso-27001',
  name: 'ISO/IEC 27001:2022 Annex A',
  version: '2022',
  controls: [
    control('A.5.14', 'Information transfer'),
    control('A.5.15', 'Access control'),
    control('A.5.17', 'Authentication information'),
    control('A.5.18', 'Access rights'),
    control('A.5.30', 'ICT readiness for business continuity'),
    control('A.5.33', 'Protection of records'),
    control('A.5.34', 'Privacy and protection of PII'),
    control('A.8.2', 'Privileged access rights'),
    control('A.8.3', 'Information access restriction'),
    control('A.8.5', 'Secure authentication'),
    control('A.8.6', 'Capacity management'),
    control('A.8.8', 'Management of technical vulnerabilities'),
    control('A.8.9', 'Configuration management'),
    control('A.8.12', 'Data leakage prevention'),
    control('A.8.13', 'Information backup'),
    control('A.8.14', 'Redundancy of information processing facilities'),
    control('A.8.15', 'Logging'),
    control('A.8.16', 'Monitoring activities'),
    control('A.8.19', 'Installation of software on operational systems'),
    control('A.8.20', 'Networks security'),
    control('A.8.21', 'Security of network services'),
    control('A.8.22', 'Segregation of networks'),
    control('A.8.24', 'Use of cryptography'),
    control('A.8.32', 'Change management'),
  ],
};

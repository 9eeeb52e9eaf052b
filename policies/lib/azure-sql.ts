/** Azure SQL logical server input shape (azure-native `sql.Server`; top-level properties). */

export const SQL_SERVER = 'azure-native:sql:Server';

export interface SqlServerProps {
  serverName: string;
  resourceGroupName: string;
  administratorLogin: string;
  minimalTlsVersion: string;
  publicNetworkAccess: string;
}

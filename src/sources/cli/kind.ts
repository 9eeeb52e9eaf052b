/** The registry kind of the connection source, recorded on every resource it produces. */
export const CONNECTION_SOURCE_KIND = 'connection';

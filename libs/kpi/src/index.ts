export * from './call-record';
export * from './kpi';
export * from './floor';
export * from './report';
export * from './snapshot';
export * from './calendar';
export * from './qa-sample';
export * from './business-type';

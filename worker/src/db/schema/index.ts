export * from './desk';
export * from './volunteers';
export * from './bookings';
export * from './staff';
export * from './messages';
export * from './availability';
export * from './waitlist';
export * from './reports';

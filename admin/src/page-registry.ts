/**
 * Every page of the portal, declared once: its address, its element, its title, who may open it and
 * whether the menu lists it. The router, the menu and the shell's page switch are all read from here.
 */
import type { Role } from './api';
import { define } from './define';
import type { MessageKey } from './i18n';
import type { PageElement } from './page-element';
import { AdminAgenda } from './pages/admin-agenda';
import { AdminBook } from './pages/admin-book';
import { AdminBooking } from './pages/admin-booking';
import { AdminCallList } from './pages/admin-call-list';
import { AdminClosures } from './pages/admin-closures';
import { AdminDashboard } from './pages/admin-dashboard';
import { AdminDayList } from './pages/admin-day-list';
import { AdminInbox } from './pages/admin-inbox';
import { AdminLogin } from './pages/admin-login';
import { AdminMessages } from './pages/admin-messages';
import { AdminPassword } from './pages/admin-password';
import { AdminPeople } from './pages/admin-people';
import { AdminReports } from './pages/admin-reports';
import { AdminServices } from './pages/admin-services';
import { AdminSettings } from './pages/admin-settings';
import { AdminUsers } from './pages/admin-users';
import { AdminVolunteer } from './pages/admin-volunteer';
import { AdminVolunteers } from './pages/admin-volunteers';
import { AdminWaitlist } from './pages/admin-waitlist';

const ALL: readonly Role[] = ['admin', 'reception', 'volunteer'];
const DESK: readonly Role[] = ['admin', 'reception'];

/** One page: `path` is the hash path, where `:id` stands for one segment (the booking or volunteer id). */
export interface PageEntry {
  name: string;
  path: string;
  tag: `admin-${string}`;
  element: new () => PageElement;
  title: MessageKey;
  /** Who may open it (the server enforces the same; this keeps the menu honest). Empty: signed-out only. */
  roles: readonly Role[];
  /** Listed in the menu. */
  nav?: boolean;
  /** The menu entry marked current while this page is open, when it is not the page itself. */
  section?: string;
}

/** In menu order. */
export const PAGES = [
  { name: 'login', path: 'login', tag: 'admin-login', element: AdminLogin, title: 'login.title', roles: [] },
  { name: 'inbox', path: 'inbox', tag: 'admin-inbox', element: AdminInbox, title: 'nav.inbox', roles: DESK, nav: true },
  {
    name: 'agenda',
    path: 'agenda',
    tag: 'admin-agenda',
    element: AdminAgenda,
    title: 'nav.agenda',
    roles: ALL,
    nav: true,
  },
  {
    name: 'day',
    path: 'day/:id',
    tag: 'admin-day-list',
    element: AdminDayList,
    title: 'day.page_title',
    roles: ALL,
    section: 'agenda',
  },
  {
    name: 'calls',
    path: 'calls',
    tag: 'admin-call-list',
    element: AdminCallList,
    title: 'nav.call_list',
    roles: DESK,
    nav: true,
  },
  { name: 'book', path: 'book', tag: 'admin-book', element: AdminBook, title: 'nav.book', roles: ALL, nav: true },
  {
    name: 'waitlist',
    path: 'waitlist',
    tag: 'admin-waitlist',
    element: AdminWaitlist,
    title: 'nav.waitlist',
    roles: DESK,
    nav: true,
  },
  {
    name: 'volunteers',
    path: 'volunteers',
    tag: 'admin-volunteers',
    element: AdminVolunteers,
    title: 'nav.volunteers',
    roles: DESK,
    nav: true,
  },
  {
    name: 'volunteer',
    path: 'volunteers/:id',
    tag: 'admin-volunteer',
    element: AdminVolunteer,
    title: 'volunteer.title',
    roles: ALL,
  },
  {
    name: 'services',
    path: 'services',
    tag: 'admin-services',
    element: AdminServices,
    title: 'nav.services',
    roles: DESK,
    nav: true,
  },
  {
    name: 'closures',
    path: 'closures',
    tag: 'admin-closures',
    element: AdminClosures,
    title: 'nav.closures',
    roles: ALL,
    nav: true,
  },
  {
    name: 'settings',
    path: 'settings',
    tag: 'admin-settings',
    element: AdminSettings,
    title: 'nav.settings',
    roles: DESK,
    nav: true,
  },
  {
    name: 'users',
    path: 'users',
    tag: 'admin-users',
    element: AdminUsers,
    title: 'nav.users',
    roles: ['admin'],
    nav: true,
  },
  {
    name: 'people',
    path: 'people',
    tag: 'admin-people',
    element: AdminPeople,
    title: 'nav.people',
    roles: DESK,
    nav: true,
  },
  {
    name: 'dashboard',
    path: 'dashboard',
    tag: 'admin-dashboard',
    element: AdminDashboard,
    title: 'nav.dashboard',
    roles: DESK,
    nav: true,
  },
  {
    name: 'reports',
    path: 'reports',
    tag: 'admin-reports',
    element: AdminReports,
    title: 'nav.reports',
    roles: DESK,
    nav: true,
  },
  {
    name: 'messages',
    path: 'messages',
    tag: 'admin-messages',
    element: AdminMessages,
    title: 'nav.messages',
    roles: DESK,
    nav: true,
  },
  {
    name: 'booking',
    path: 'bookings/:id',
    tag: 'admin-booking',
    element: AdminBooking,
    title: 'booking.title',
    roles: ALL,
    section: 'agenda',
  },
  {
    name: 'password',
    path: 'password',
    tag: 'admin-password',
    element: AdminPassword,
    title: 'password.title',
    roles: ALL,
  },
] as const satisfies readonly PageEntry[];

/** The name of a page ('inbox', 'booking', …). */
export type PageName = (typeof PAGES)[number]['name'];

/** The registry entry of a page. */
export function pageOf(name: PageName): PageEntry {
  return PAGES.find((p) => p.name === name) as PageEntry;
}

for (const page of PAGES) define(page.tag, page.element);

'use strict';
// The admin's navigation sidebar starts closed, so that the lists keep their columns on a 1366 px screen
// (docs/admin.md, "Lists"); its toggle opens it, and Django's own script (nav_sidebar.js, which runs
// after this one) remembers the person's choice in the browser from then on.
if (localStorage.getItem('django.admin.navSidebarIsOpen') === null) {
    localStorage.setItem('django.admin.navSidebarIsOpen', 'false');
}

/** Entry of the admin portal (admin/index.html): registers <sportello-admin> and every page. */
import './sportello-admin';

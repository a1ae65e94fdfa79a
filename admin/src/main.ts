/** Entry of the admin portal (admin/index.html): registers <sportello-admin>, which registers every page. */
import './sportello-admin';

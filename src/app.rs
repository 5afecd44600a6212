//! The document shell and the routes.

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::copy;
use crate::ui::components::layout::{Layout, provide_me};
use crate::ui::live::provide_live;
use crate::ui::pages::{
    calls::CallsPage,
    dispute::DisputePage,
    home::HomePage,
    login::{LoginPage, OtpLoginPage, ResetPasswordPage},
    my_requests::MyRequestsPage,
    new_request::NewRequestPage,
    not_found::NotFoundPage,
    receipt::ReceiptPage,
    register::{RegisterPage, RegisterVerifyPage},
    request::RequestPage,
    second_factor::{SecondFactorPage, SecondFactorSetupPage},
    settings::SettingsPage,
    sla::SlaPublicPage,
};
// Staff and admin pages; the applicants' bundle has none of their code (see `staff_elsewhere`).
#[cfg(not(feature = "applicant-bundle"))]
use crate::ui::pages::admin::tariffs::{AdminTariffsPage, TariffImportPage};
#[cfg(feature = "applicant-bundle")]
use crate::ui::pages::staff_elsewhere::{
    StaffElsewhere as AdminTariffsPage, StaffElsewhere as TariffImportPage,
};
#[cfg(feature = "applicant-bundle")]
use crate::ui::pages::staff_elsewhere::{
    StaffElsewhere as AdminCalendarPage, StaffElsewhere as AdminCallsPage,
    StaffElsewhere as StaffDisputePage, StaffElsewhere as AdminGroupsPage,
    StaffElsewhere as AdminStaffPage, StaffElsewhere as AdminTypePage,
    StaffElsewhere as AdminTypesPage, StaffElsewhere as CannedPage, StaffElsewhere as FinancePage,
    StaffElsewhere as SlaDashboardPage, StaffElsewhere as StaffQueuePage,
    StaffElsewhere as StaffRequestPage,
};
#[cfg(not(feature = "applicant-bundle"))]
use crate::ui::pages::{
    admin::{
        calendar::AdminCalendarPage, calls::AdminCallsPage, groups::AdminGroupsPage,
        staff::AdminStaffPage, type_detail::AdminTypePage, types::AdminTypesPage,
    },
    canned::CannedPage,
    dispute::StaffDisputePage,
    finance::FinancePage,
    sla::SlaDashboardPage,
    staff_queue::StaffQueuePage,
    staff_request::StaffRequestPage,
};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let bundle = use_context::<HydrationBundle>();
    view! {
        <!DOCTYPE html>
        <html lang="fa" dir="rtl">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                // Static head tags live in the server-only shell, not in the WASM bundle.
                // `/pkg/poshtiban.<hash>.css` in a build with hashed file names.
                <HashedStylesheet options=options.clone() />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                {match bundle {
                    Some(bundle) => view! { <Hydration bundle /> }.into_any(),
                    None => view! { <HydrationScripts options=options.clone() /> }.into_any(),
                }}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The WASM bundle this page's hydration script loads, when the request chose one (the
/// composition root provides it: staff get the full bundle, everybody else the applicants'
/// one without the staff and admin pages): the addresses of its script and its WASM.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HydrationBundle {
    pub js: String,
    pub wasm: String,
}

/// Loads the bundle and hydrates the page once its first paint is on screen.
///
/// Every page works before its script (forms post, links navigate), so the text, styles and
/// fonts that make the first paint come first and the WASM (most of a first visit's bytes)
/// never competes with them: on a slow phone network the page shows as soon as its HTML and
/// stylesheet arrive, and becomes a single-page app a moment later. A page opened in a
/// background tab (no frames to wait for) starts at once.
#[component]
fn Hydration(bundle: HydrationBundle) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    // The addresses are the server's own file names (`/pkg/name.hash.js`): a Rust string's
    // debug form is a valid JavaScript string literal for them.
    let script = format!(
        "(function (js, wasm) {{\
         const start = () => import(js).then((m) => m.default({{ module_or_path: wasm }})\
         .then(() => m.hydrate()));\
         if (document.visibilityState === 'hidden') start();\
         else requestAnimationFrame(() => setTimeout(start, 0));\
         }})({:?}, {:?});",
        bundle.js, bundle.wasm
    );
    view! {
        <link rel="modulepreload" href=bundle.js fetchpriority="low" />
        <script type="module" nonce=nonce>
            {script}
        </script>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // First of the values the server hands to the browser, so both create it in the same place.
    crate::ui::components::form::provide_flash();
    provide_live();
    provide_me();
    // Every route renders in order, so pages are complete without JavaScript.
    let ssr = SsrMode::InOrder;
    view! {
        <Title text=copy::APP_NAME />
        <Router>
            <Layout>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage ssr=ssr.clone() />
                    <Route path=path!("/login") view=LoginPage ssr=ssr.clone() />
                    <Route path=path!("/register") view=RegisterPage ssr=ssr.clone() />
                    <Route path=path!("/register/verify") view=RegisterVerifyPage ssr=ssr.clone() />
                    <Route path=path!("/login/otp") view=OtpLoginPage ssr=ssr.clone() />
                    <Route path=path!("/login/reset") view=ResetPasswordPage ssr=ssr.clone() />
                    <Route path=path!("/login/2fa") view=SecondFactorPage ssr=ssr.clone() />
                    <Route path=path!("/login/2fa/setup") view=SecondFactorSetupPage ssr=ssr.clone() />
                    <Route path=path!("/account/2fa") view=SecondFactorSetupPage ssr=ssr.clone() />
                    <Route path=path!("/account") view=SettingsPage ssr=ssr.clone() />
                    <Route path=path!("/requests") view=MyRequestsPage ssr=ssr.clone() />
                    <Route path=path!("/requests/new") view=NewRequestPage ssr=ssr.clone() />
                    <Route path=path!("/requests/:code") view=RequestPage ssr=ssr.clone() />
                    <Route path=path!("/requests/:code/receipt") view=ReceiptPage ssr=ssr.clone() />
                    <Route path=path!("/requests/:code/dispute") view=DisputePage ssr=ssr.clone() />
                    <Route path=path!("/staff/requests/:code/dispute") view=StaffDisputePage ssr=ssr.clone() />
                    <Route path=path!("/staff") view=StaffQueuePage ssr=ssr.clone() />
                    <Route path=path!("/staff/requests/:code") view=StaffRequestPage ssr=ssr.clone() />
                    <Route path=path!("/staff/canned") view=CannedPage ssr=ssr.clone() />
                    <Route path=path!("/admin/types") view=AdminTypesPage ssr=ssr.clone() />
                    <Route path=path!("/admin/types/:id") view=AdminTypePage ssr=ssr.clone() />
                    <Route path=path!("/admin/groups") view=AdminGroupsPage ssr=ssr.clone() />
                    <Route path=path!("/admin/calendar") view=AdminCalendarPage ssr=ssr.clone() />
                    <Route path=path!("/admin/staff") view=AdminStaffPage ssr=ssr.clone() />
                    <Route path=path!("/admin/tariffs") view=AdminTariffsPage ssr=ssr.clone() />
                    <Route path=path!("/admin/tariffs/import/:token") view=TariffImportPage ssr=ssr.clone() />
                    <Route path=path!("/staff/sla") view=SlaDashboardPage ssr=ssr.clone() />
                    <Route path=path!("/staff/payments") view=FinancePage ssr=ssr.clone() />
                    <Route path=path!("/sla") view=SlaPublicPage ssr=ssr.clone() />
                    <Route path=path!("/calls") view=CallsPage ssr=ssr.clone() />
                    <Route path=path!("/admin/calls") view=AdminCallsPage ssr=ssr.clone() />
                </Routes>
            </Layout>
        </Router>
    }
}

//! Crashes and races, each proven harmless on both engines: a crowd at the public SLA page.

use futures::future::join_all;
use poshtiban::server::sla::report;

use super::common::*;

/// A crowd opening the public page when its figures are missing, then when they have expired:
/// one computation each time; the others wait for it or are shown the previous figures.
#[tokio::test]
async fn a_crowd_at_the_public_sla_page_runs_the_report_queries_once() {
    let app = spawn_app().await;
    let crowd = 12;
    let statuses = join_all((0..crowd).map(|_| {
        let c = app.client();
        let url = format!("{}/api/sla_public", app.base);
        async move {
            c.post(url)
                .header("accept", "application/json")
                .send()
                .await
                .expect("the server answers")
                .status()
                .as_u16()
        }
    }))
    .await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(app.state.sla_public.computations(), 1, "a cold cache");

    let later = poshtiban::server::platform::db::now_ms() + 61_000;
    let answers = join_all(
        (0..crowd).map(|_| report::public_at(&app.state.db, &app.state.sla_public, later)),
    )
    .await;
    assert!(answers.iter().all(Result::is_ok), "{answers:?}");
    assert_eq!(app.state.sla_public.computations(), 2, "an expired cache");
}

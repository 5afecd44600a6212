//! What the people who run the desk see: a wrong setting stops the start.

use std::time::Duration;

#[test]
fn a_wrong_setting_stops_the_server_at_start_naming_it() {
    let dir = tempfile::tempdir().expect("a folder");
    for (setting, value, named) in [
        ("SMS_PROVIDER", "smsir", "SMS_PROVIDER"),
        ("SMS_PROVIDER", "kavenegar", "SMS_API_KEY"),
        ("SMTP_FROM", "desk at example", "SMTP_FROM"),
    ] {
        // An empty folder (no `.env`), only this setting, and a free port in case it starts.
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_poshtiban"))
            .arg("serve")
            .current_dir(dir.path())
            .env_clear()
            .env(setting, value)
            .env("DATABASE_URL", "sqlite:poshtiban.db")
            .env("LEPTOS_OUTPUT_NAME", "poshtiban")
            .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the server runs");
        let mut waited = 0;
        let status = loop {
            if let Some(status) = child.try_wait().expect("a status") {
                break status;
            }
            if waited > 200 {
                let _ = child.kill();
                panic!("{setting}={value}: the server started");
            }
            waited += 1;
            std::thread::sleep(Duration::from_millis(50));
        };
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut stderr)
            .expect("stderr");
        assert!(!status.success(), "{setting}={value}: {status}");
        assert!(
            stderr.contains(named),
            "{setting}={value}: the error does not name {named}: {stderr}"
        );
    }
}

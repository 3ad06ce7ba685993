//! `pufa-kiosk check` on broken content folders: every problem is named with its
//! file, line and column, in Chinese and English, and the exit status says whether
//! the folder may go live.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a panic in a test is a failing test

mod common;

use common::{broken_folder, run, run_with_input};
use pufa_kiosk::core::{bureau, content};

/// Runs `check` on the broken folder `case`; asserts it fails and that the report
/// names `location` and says `message`.
fn assert_reports(case: &str, location: &str, message: &str) -> String {
    let dir = broken_folder(case);
    let (code, _, stderr) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{case}: check should fail\n{stderr}");
    assert_names(case, &stderr, location, message);
    stderr
}

/// The report of `case` names `location`, says `message`, and says what to do in
/// both languages.
fn assert_names(case: &str, stderr: &str, location: &str, message: &str) {
    assert!(
        stderr.contains(location),
        "{case}: expected location {location} in\n{stderr}"
    );
    assert!(
        stderr.contains(message),
        "{case}: expected `{message}` in\n{stderr}"
    );
    assert!(
        stderr.contains("处理办法") && stderr.contains("help:"),
        "{case}: says what to do in both languages\n{stderr}"
    );
}

/// Runs `check` on the broken folder `case`; asserts it still passes (exit 0) and
/// that the report warns at `location` with `message`, saying what to do.
fn assert_warns(case: &str, location: &str, message: &str) -> String {
    let dir = broken_folder(case);
    let (code, _, stderr) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(
        code, 0,
        "{case}: a warning does not stop the folder\n{stderr}"
    );
    assert!(stderr.contains("warning"), "{case}: warns\n{stderr}");
    assert_names(case, &stderr, location, message);
    stderr
}

#[test]
fn the_small_base_folder_passes() {
    let dir = broken_folder("base");
    let (code, stdout, stderr) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("2 个展板") && stdout.contains("2 panels"),
        "{stdout}"
    );
}

#[test]
fn the_default_content_passes_with_a_summary() {
    let (code, stdout, stderr) = run(&["check", common::repo().join("content").to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("5 部法规共 389 条法规条文") && stdout.contains("5 laws of 389 articles"),
        "{stdout}"
    );
}

#[test]
fn unknown_field_is_named_with_line_and_column() {
    let report = assert_reports("unknown-field", "panels/where.ron:3:5", "未知字段 “titel”");
    assert!(
        report.contains("titel: \"写错的字段\""),
        "quotes the offending line:\n{report}"
    );
    assert!(report.contains("^^^^^"), "underlines it:\n{report}");
}

#[test]
fn missing_comma_points_at_the_line() {
    assert_reports("missing-comma", "panels/five.ron:3:5", "缺少逗号");
}

#[test]
fn half_copied_file_is_called_incomplete() {
    assert_reports("half-copied", "panels/five.ron:4", "没有复制完整");
}

#[test]
fn citation_of_a_missing_article_is_rejected() {
    assert_reports(
        "missing-article",
        "panels/five.ron:4:14",
        "has no article 99",
    );
}

#[test]
fn citation_of_a_missing_paragraph_is_rejected() {
    assert_reports(
        "missing-paragraph",
        "panels/five.ron:5:10",
        "article 20 has no paragraph 7 (it has 4)",
    );
}

#[test]
fn a_number_not_in_the_cited_article_is_rejected() {
    assert_reports(
        "wrong-number",
        "panels/five.ron:3",
        "the number 15 does not appear in the cited articles",
    );
}

#[test]
fn playlist_entry_for_a_missing_panel_suggests_the_near_name() {
    let report = assert_reports(
        "playlist-missing-panel",
        "playlist.ron:4:15",
        "no panel `fve`",
    );
    assert!(report.contains("did you mean `five`?"), "{report}");
}

#[test]
fn missing_picture_is_named() {
    assert_reports(
        "missing-image",
        "panels/five.ron:5",
        "picture `images/nope.png` not found",
    );
}

#[test]
fn a_picture_that_does_not_decode_is_named() {
    assert_reports(
        "corrupt-image",
        "panels/five.ron:5",
        "picture `images/broken.png`: the picture looks incompletely copied",
    );
}

/// The base folder with the picture `name` of `tests/images/` as the picture of
/// the panel `five`, written on line 4 of `panels/five.ron`.
fn panel_with_picture(name: &str) -> tempfile::TempDir {
    let dir = broken_folder("base");
    std::fs::copy(
        common::repo().join("tests/images").join(name),
        dir.path().join("images").join(name),
    )
    .unwrap();
    let panel = dir.path().join("panels/five.ron");
    let text = std::fs::read_to_string(&panel).unwrap().replace(
        "cites:",
        &format!("image: Some(\"images/{name}\"),\n    cites:"),
    );
    std::fs::write(&panel, text).unwrap();
    dir
}

#[test]
fn a_panel_picture_cut_short_stops_the_folder() {
    for (name, kind) in [
        ("half.jpg", "JPEG"),
        ("half-jpeg.png", "JPEG"),
        ("half-progressive.jpg", "JPEG"),
        ("no-iend.png", "PNG"),
        ("half.webp", "WebP"),
        ("cut-exif.webp", "WebP"),
    ] {
        let dir = panel_with_picture(name);
        let (code, _, stderr) = run(&["check", dir.path().to_str().unwrap()]);
        assert_eq!(
            code, 1,
            "{name}: a half-copied picture may not go live\n{stderr}"
        );
        assert!(
            stderr.contains(&format!(
                "error: 图片 “images/{name}”：图片似乎没有复制完整：文件在 {kind} 数据结束之前就断了"
            )),
            "{name}\n{stderr}"
        );
        assert!(
            stderr.contains(&format!(
                "picture `images/{name}`: the picture looks incompletely copied: \
                 the file stops before the end of its {kind} data"
            )),
            "{name}\n{stderr}"
        );
        assert!(stderr.contains("┌─ panels/five.ron:4:"), "{name}\n{stderr}");
        assert!(
            stderr.contains("重新复制这张图片") && stderr.contains("copy the picture again"),
            "{name}: says to copy it again\n{stderr}"
        );
    }
}

#[test]
fn a_panel_photo_with_camera_bytes_after_its_end_passes() {
    let dir = panel_with_picture("trailer.jpg");
    let (code, _, stderr) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.is_empty(), "no warnings: {stderr}");
}

#[test]
fn paths_that_leave_the_content_folder_are_refused() {
    assert_reports(
        "escaping-path",
        "panels/five.ron:5",
        "leads outside the content folder",
    );
}

#[test]
fn a_symlink_pointing_outside_is_refused() {
    let dir = broken_folder("base");
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::copy(
        common::repo().join("tests/broken/base/images/ok.png"),
        outside.path(),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("images/link.png")).unwrap();
    let panel = dir.path().join("panels/five.ron");
    let text = std::fs::read_to_string(&panel)
        .unwrap()
        .replace("cites:", "image: Some(\"images/link.png\"),\n    cites:");
    std::fs::write(&panel, text).unwrap();
    let (code, _, stderr) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("images/link.png") && stderr.contains("points outside the content folder"),
        "{stderr}"
    );
}

#[test]
fn a_panel_linked_from_outside_is_reported_once() {
    let dir = broken_folder("base");
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("panels/outside.ron")).unwrap();
    let (code, _, stderr) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr.matches("points outside the content folder").count(),
        1,
        "{stderr}"
    );
}

#[test]
fn seconds_out_of_range_are_rejected() {
    assert_reports(
        "seconds-out-of-range",
        "playlist.ron:4",
        "seconds 0.5 is outside 2–600",
    );
}

#[test]
fn a_highlight_must_occur_in_the_text() {
    assert_reports(
        "highlight-missing",
        "panels/five.ron:5",
        "highlight `不存在的词` does not occur",
    );
}

#[test]
fn a_panel_must_cite_an_article_or_name_a_source() {
    assert_reports(
        "no-citation",
        "panels/five.ron:2",
        "the panel cites no article and names no source",
    );
}

#[test]
fn a_file_that_is_not_utf8_says_how_to_save_it() {
    assert_reports(
        "not-utf8",
        "panels/five.ron:3",
        "the file is not UTF-8 text",
    );
}

#[test]
fn a_missing_content_folder_is_reported_not_a_crash() {
    let (code, _, stderr) = run(&["check", "/nonexistent/content"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("the content folder does not exist"),
        "{stderr}"
    );
}

#[test]
fn a_mistyped_field_in_kiosk_ron_is_an_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = std::fs::read_to_string(common::repo().join("kiosk.ron"))
        .unwrap()
        .replace("seconds_per_item:", "second_per_item:");
    let line = config
        .lines()
        .position(|l| l.contains("second_per_item"))
        .unwrap()
        + 1;
    std::fs::write(dir.path().join("kiosk.ron"), config).unwrap();
    let (code, _, stderr) = run(&[
        "check",
        "--config",
        dir.path().join("kiosk.ron").to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains(&format!("kiosk.ron:{line}:5")) && stderr.contains("second_per_item"),
        "{stderr}"
    );
}

// The roadmap: one broken roadmap per rule.

#[test]
fn roadmap_choice_to_a_missing_step_is_rejected() {
    assert_reports(
        "roadmap-missing-step",
        "roadmap.ron:10:37",
        "a choice of step `channel` leads to missing step `vist`",
    );
}

#[test]
fn roadmap_step_that_cannot_be_reached_is_rejected() {
    assert_reports(
        "roadmap-unreachable",
        "roadmap.ron:12:13",
        "step `island` cannot be reached from the start",
    );
}

#[test]
fn roadmap_step_without_citation_is_rejected() {
    assert_reports(
        "roadmap-no-citation",
        "roadmap.ron:6:13",
        "step `channel` cites no article",
    );
}

#[test]
fn roadmap_citation_of_a_missing_article_is_rejected() {
    assert_reports(
        "roadmap-missing-article",
        "roadmap.ron:9:22",
        "has no article 88",
    );
}

#[test]
fn roadmap_days_not_in_the_cited_article_are_rejected() {
    assert_reports(
        "roadmap-wrong-days",
        "roadmap.ron:6",
        "the number 90 does not appear in the cited articles",
    );
}

#[test]
fn roadmap_time_limit_not_in_the_cited_article_is_rejected() {
    assert_reports(
        "roadmap-wrong-limit",
        "roadmap.ron:12:23",
        "the number 45 in this time limit is not in the words it cites",
    );
}

#[test]
fn roadmap_time_limit_is_checked_against_its_own_citation_not_the_steps() {
    let report = assert_reports(
        "roadmap-limit-other-article",
        "roadmap.ron:14:23",
        "the number 60 in this time limit is not in the words it cites (《信访工作条例》第三十五条)",
    );
    assert!(report.contains("时限里的数字 60"), "{report}");
}

#[test]
fn roadmap_time_limit_must_run_from_an_event_its_article_names() {
    assert_reports(
        "roadmap-limit-wrong-event",
        "roadmap.ron:14:23",
        "the event `提出之日` that the days run from is not written in",
    );
}

#[test]
fn roadmap_time_limit_event_must_be_told_in_the_body() {
    assert_reports(
        "roadmap-limit-event-not-in-body",
        "roadmap.ron:13:23",
        "the step's body does not tell the citizen that the days run from `收到书面答复之日`",
    );
}

#[test]
fn a_panel_title_past_its_documented_length_is_warned_at_its_line() {
    assert_warns(
        "panel-title-too-long",
        "panels/where.ron:3:12",
        "`title` has 31 characters, more than 12",
    );
}

#[test]
fn a_roadmap_step_title_or_button_past_its_length_is_warned_at_its_line() {
    assert_warns(
        "roadmap-title-too-long",
        "roadmap.ron:18:20",
        "`steps[1].title` has 304 characters, more than 12",
    );
    assert_warns(
        "roadmap-choice-too-long",
        "roadmap.ron:14",
        "`steps[0].choices[1].label` has",
    );
}

#[test]
fn roadmap_start_must_name_a_step() {
    assert_reports(
        "roadmap-missing-start",
        "roadmap.ron:3:5",
        "start `begin` is not the id of any step",
    );
}

#[test]
fn roadmap_step_ids_must_be_unique() {
    assert_reports(
        "roadmap-duplicate-id",
        "roadmap.ron:13:13",
        "step id `channel` is used twice",
    );
}

#[test]
fn reports_point_at_the_value_however_the_file_is_spaced_ordered_or_commented() {
    // `article:99` without a space after fields moved ahead, a commented-out copy
    // of the mistake above it, an `id` whose value is on the next line, a choice
    // with `next` before `label`: each report still points at what is wrong.
    let report = assert_reports(
        "unusual-spacing",
        "panels/five.ron:4:29",
        "has no article 99",
    );
    for (location, message) in [
        ("playlist.ron:6:13", "no panel `fve`"),
        (
            "roadmap.ron:5:24",
            "a choice of step `channel` leads to missing step `vist`",
        ),
    ] {
        assert!(
            report.contains(location) && report.contains(message),
            "expected {location}: {message} in\n{report}"
        );
    }
}

// Addresses a citizen scans: https, and a real public name.

#[test]
fn an_online_address_that_is_not_https_is_rejected() {
    let report = assert_reports(
        "online-not-https",
        "online.ron:5:32",
        "`http://www.gjxfj.gov.cn/` is not an https:// address",
    );
    assert!(report.contains("不是以 https:// 开头"), "{report}");
}

#[test]
fn an_online_address_on_a_placeholder_domain_is_rejected() {
    let report = assert_reports(
        "online-placeholder",
        "online.ron:5:32",
        "points at the placeholder or reserved domain `www.example.gov.cn`",
    );
    assert!(report.contains("示例或保留域名"), "{report}");
    assert!(
        !report.contains("wsxf.gjxfj.gov.cn"),
        "the real address beside it passes\n{report}"
    );
}

#[test]
fn an_online_address_that_is_a_bare_ip_is_rejected() {
    assert_reports(
        "online-bare-ip",
        "online.ron:5:32",
        "uses the bare IP address `192.168.10.20`",
    );
}

#[test]
fn a_roadmap_link_on_a_reserved_domain_is_rejected() {
    assert_reports(
        "roadmap-link-reserved",
        "roadmap.ron:11:38",
        "points at the placeholder or reserved domain `xinfang.test`",
    );
}

// A day count in a title that its article gives only to some matters.

#[test]
fn a_panel_title_with_a_restricted_day_count_warns() {
    let report = assert_warns(
        "panel-universal-days",
        "panels/five.ron:2:12",
        "the title's 60 days apply only to matters of 第三十一条第六项 (第三十四条 says so)",
    );
    assert!(
        report.contains("标题里的 60 日只适用于第三十一条第六项规定的事项"),
        "{report}"
    );
    assert!(
        report.contains("信访程序"),
        "suggests words that name the scope\n{report}"
    );
}

#[test]
fn a_roadmap_step_title_with_a_restricted_day_count_warns() {
    assert_warns(
        "roadmap-universal-days",
        "roadmap.ron:7:20",
        "the title's 60 days apply only to matters of 第三十一条第六项",
    );
}

// The bureau's profile: warned about while missing or a placeholder, never shown then.

#[test]
fn a_touch_folder_without_a_bureau_profile_warns() {
    assert_warns(
        "bureau-missing",
        "bureau.ron",
        "no bureau.ron: the bureau's address, reception hours, phone and online channel are shown nowhere",
    );
}

#[test]
fn a_bureau_profile_with_placeholders_warns_field_by_field_and_shows_nothing() {
    let report = assert_warns(
        "bureau-placeholder",
        "bureau.ron:3:14",
        "`address` in bureau.ron is still a placeholder: `XX区XX路XX号`",
    );
    for (location, message) in [
        (
            "bureau.ron:4:12",
            "`hours` in bureau.ron is still a placeholder",
        ),
        (
            "bureau.ron:5:12",
            "`phone` in bureau.ron is still a placeholder: `000-0000`",
        ),
        (
            "bureau.ron:6:18",
            "points at the placeholder or reserved domain `www.example.gov.cn`",
        ),
    ] {
        assert!(
            report.contains(location) && report.contains(message),
            "expected {location}: {message} in\n{report}"
        );
    }
    assert!(
        !report.contains("bureau.ron:2:"),
        "the name is real\n{report}"
    );
    let dir = broken_folder("bureau-placeholder");
    let content = content::load(dir.path()).unwrap();
    let bureau = content
        .library
        .bureau
        .as_ref()
        .expect("a placeholder still loads");
    assert_eq!(bureau.placeholders, ["address", "hours", "phone", "online"]);
    assert_eq!(
        bureau.lines(&LABELS),
        None,
        "nothing fake reaches the lobby"
    );
}

#[test]
fn a_bureau_address_that_is_not_https_is_an_error() {
    assert_reports(
        "bureau-not-https",
        "bureau.ron:6:18",
        "`http://xf.ceshi.gov.cn/` is not an https:// address",
    );
}

const LABELS: bureau::Labels = bureau::Labels {
    address: "地址：",
    hours: "接待时间：",
    phone: "电话：",
    online: "网上信访：",
};

#[test]
fn a_real_bureau_profile_passes_quietly_and_gives_its_lines() {
    let dir = broken_folder("bureau-ok");
    let (code, _, stderr) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.is_empty(), "no warnings: {stderr}");
    let content = content::load(dir.path()).unwrap();
    let bureau = content.library.bureau.as_ref().unwrap();
    assert!(bureau.map.is_some(), "the map picture decoded");
    assert_eq!(
        bureau.lines(&LABELS).unwrap(),
        [
            "测试区信访局",
            "地址：测试区测试路1号",
            "接待时间：周一至周五 9:00—17:00",
            "电话：0571-12345678",
            "网上信访：https://xf.ceshi.gov.cn/",
        ]
    );
}

#[test]
fn the_shipped_bureau_profile_is_a_marked_placeholder_that_shows_nothing() {
    let (code, _, stderr) = run(&["check", common::repo().join("content").to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("bureau.ron") && stderr.contains("still a placeholder"),
        "{stderr}"
    );
    let content = content::load(&common::repo().join("content")).unwrap();
    assert_eq!(
        content.library.bureau.as_ref().unwrap().lines(&LABELS),
        None
    );
}

#[test]
fn a_campaign_hidden_all_day_by_the_12_4_takeover_is_named_with_the_day() {
    // Staff add a 宪法宣传周 that inserts a panel from 12-01 to 12-07; on 12-04 the
    // shipped 12·4 campaign has the screen all day, so the week shows nothing then.
    let dir = common::default_copy();
    let week = dir.path().join("campaigns/xianfa-zhou");
    std::fs::create_dir_all(&week).unwrap();
    std::fs::write(
        week.join("campaign.ron"),
        "(\n    title: \"宪法宣传周\",\n    from: \"12-01\",\n    to: \"12-07\",\n    mode: Insert,\n    items: [Panel(id: \"protected\")],\n)\n",
    )
    .unwrap();
    let (code, _, stderr) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "a warning does not stop the folder\n{stderr}");
    assert_names(
        "xianfa-zhou",
        &stderr,
        "campaigns/xianfa-zhou/campaign.ron:3:11",
        "活动 “宪法宣传周” 在 每年 12月4日 被活动 “12·4 国家宪法日” 完全遮住",
    );
    assert!(
        stderr.contains(
            "campaign `xianfa-zhou` (“宪法宣传周”) is hidden all the time it runs on 12-04 every year by `1204`"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("warning"), "{stderr}");
    // The shipped campaigns hide nothing of each other.
    let (_, _, shipped) = run(&["check", common::repo().join("content").to_str().unwrap()]);
    assert!(!shipped.contains("完全遮住"), "{shipped}");
}

/// The approval path of issue 23 on the shipped content: a key is made, `check`
/// refuses the unapproved version, `approve` signs it, `check` and `version` then
/// agree, and a one-word change is shown to the approver as that one change.
#[test]
fn keygen_approve_check_and_version_follow_one_content_version() {
    let root = tempfile::tempdir().unwrap();
    common::copy_dir(
        &common::repo().join("content"),
        &root.path().join("content"),
    );
    let pass = "法制审核 口令 2026\n";
    let (code, public, err) = run_with_input(
        Some(root.path()),
        &["keygen", "--out", "officer.pem"],
        &pass.repeat(2),
    );
    assert_eq!(code, 0, "{err}");
    let public = public.trim();
    assert!(public.starts_with("ed25519:"), "{public}");
    // A second keygen never overwrites the key.
    let (code, _, _) = run_with_input(
        Some(root.path()),
        &["keygen", "--out", "officer.pem"],
        &pass.repeat(2),
    );
    assert_eq!(code, 1);
    let kiosk = std::fs::read_to_string(common::repo().join("kiosk.ron")).unwrap();
    let shipped = "approval: (required: false, approvers: [], notice_signers: []),";
    assert!(
        kiosk.contains(shipped),
        "the shipped kiosk.ron has approval off"
    );
    let kiosk = kiosk.replacen(
        shipped,
        &format!("approval: (required: true, approvers: [\"{public}\"]),"),
        1,
    );
    std::fs::write(root.path().join("kiosk.ron"), kiosk).unwrap();
    let (code, out, err) = run_with_input(Some(root.path()), &["check"], "");
    assert_eq!(
        code, 1,
        "unapproved content must not pass check:\n{out}\n{err}"
    );
    assert!(err.contains("not approved: content version"), "{err}");
    // A wrong passphrase signs nothing.
    let (code, _, err) = run_with_input(
        Some(root.path()),
        &[
            "approve",
            "--key",
            "officer.pem",
            "--name",
            "张三",
            "--role",
            "法制审核员",
        ],
        "yes\nwrong passphrase\n",
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("wrong passphrase"), "{err}");
    let approve = |input: &str| {
        run_with_input(
            Some(root.path()),
            &[
                "approve",
                "--key",
                "officer.pem",
                "--name",
                "张三",
                "--role",
                "法制审核员",
            ],
            input,
        )
    };
    let (code, out, err) = approve(&format!("yes\n{pass}"));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("no version approved before"), "{out}");
    let (code, out, err) = run_with_input(Some(root.path()), &["check"], "");
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains("✓ 已审核 / approved: 张三（法制审核员）"),
        "{out}"
    );
    let (_, version, _) = run_with_input(Some(root.path()), &["version"], "");
    assert!(out.contains(version.trim()), "{version} / {out}");
    // One word of one panel changed: check refuses it, and approve shows just that.
    let panel = root.path().join("content/panels/after-fuhe.ron");
    let text = std::fs::read_to_string(&panel).unwrap();
    std::fs::write(
        &panel,
        text.replacen("可以申请社会救助", "应当申请社会救助", 1),
    )
    .unwrap();
    let (code, _, _) = run_with_input(Some(root.path()), &["check"], "");
    assert_eq!(code, 1);
    let (_, changed_version, _) = run_with_input(Some(root.path()), &["version"], "");
    assert_ne!(changed_version, version);
    // Declining signs nothing.
    let (code, out, _) = approve("no\n");
    assert_eq!(code, 1);
    assert!(out.contains("1 处 / 1"), "{out}");
    assert!(
        out.contains("~ 改动 changed: 展板 after-fuhe 第1页"),
        "{out}"
    );
    assert!(
        out.contains("原 was:") && out.contains("可以申请社会救助"),
        "{out}"
    );
    assert!(
        out.contains("新 now:") && out.contains("应当申请社会救助"),
        "{out}"
    );
    assert!(
        out.contains("《信访工作条例》第三十六条"),
        "citations are shown: {out}"
    );
    let (code, _, _) = run_with_input(Some(root.path()), &["check"], "");
    assert_eq!(code, 1, "declined: still not approved");
}

/// 朗读 (issue 24): one character of a roadmap step changed makes its recording
/// stale — `check` names the file, the step and the change, and still lets the
/// content go live; `voice` lists that step with its new words, and with a speech
/// command (espeak-ng, as an office PC might have) makes a draft that matches.
#[test]
fn a_one_character_change_makes_a_recording_stale_and_voice_makes_a_new_draft() {
    let dir = common::default_copy();
    let content = dir.path().to_path_buf();
    let roadmap = content.join("roadmap.ron");
    let text = std::fs::read_to_string(&roadmap).unwrap();
    // The first step's body, one character changed: 可以 → 可.
    let old = "其他的事，可以通过信访渠道反映";
    assert!(
        text.contains(old),
        "the roadmap changed; pick another sentence"
    );
    std::fs::write(
        &roadmap,
        text.replacen(old, "其他的事，可通过信访渠道反映", 1),
    )
    .unwrap();
    let content_arg = content.to_str().unwrap();
    let (code, out, err) = common::run(&["check", content_arg]);
    assert_eq!(
        code, 0,
        "a stale recording never stops the content:\n{out}\n{err}"
    );
    assert!(err.contains("voice/step-matter.voice.ron"), "{err}");
    assert!(err.contains("路线图步骤 “matter” 的文字改了"), "{err}");
    assert!(err.contains("step-matter.ogg"), "{err}");
    assert!(
        err.contains("“的事，可以通过信访” is now “的事，可通过信访”"),
        "{err}"
    );
    assert!(out.contains("朗读录音 40 段与文字相符"), "{out}");
    // The script lists the stale step, its new words, and what to save it as.
    let scratch = tempfile::tempdir().unwrap();
    let script = scratch.path().join("script");
    let (code, out, err) = common::run(&[
        "voice",
        "--content",
        content_arg,
        "--out",
        script.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}\n{err}");
    let written = std::fs::read_to_string(script.join("录音稿.txt")).unwrap();
    assert!(written.contains("voice/step-matter.ogg"), "{written}");
    assert!(
        written.contains("其他的事，可通过信访渠道反映"),
        "{written}"
    );
    assert!(written.contains("需要重录"), "{written}");
    // A draft by espeak-ng, written straight into the content folder, matches.
    let (code, out, err) = common::run(&[
        "voice",
        "--content",
        content_arg,
        "--out",
        content_arg,
        "--synthesize",
        "espeak-ng -v cmn -w {out} {text}",
    ]);
    assert_eq!(code, 0, "{out}\n{err}");
    // The stale .ogg is still there beside the new .wav: check says so, and uses one.
    std::fs::remove_file(content.join("voice/step-matter.ogg")).unwrap();
    let (code, out, err) = common::run(&["check", content_arg]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(!err.contains("step-matter"), "{err}");
    assert!(
        !err.contains("文字改了"),
        "no stale recording is left: {err}"
    );
    assert!(out.contains("朗读录音"), "{out}");
}

/// 朗读 (issue 24): a recording that is not sound (a comic scene's, cut to a few
/// bytes) is named by `check` with the file and why, and the content still goes
/// live; the player's side (no button for it) is in the voice plugin's tests.
#[test]
fn a_corrupt_recording_is_named_by_check_and_the_content_still_goes_live() {
    let dir = common::default_copy();
    let content = dir.path().to_path_buf();
    let ogg = content.join("voice/comic-zoufang-wuqu-3.ogg");
    let bytes = std::fs::read(&ogg).unwrap();
    std::fs::write(&ogg, &bytes[..200]).unwrap();
    let (code, out, err) = common::run(&["check", content.to_str().unwrap()]);
    assert_eq!(
        code, 0,
        "a broken recording never stops the content:\n{out}\n{err}"
    );
    assert!(err.contains("voice/comic-zoufang-wuqu-3.ogg"), "{err}");
    assert!(err.contains("录音无法解码"), "{err}");
    assert!(err.contains("the recording does not decode"), "{err}");
    assert!(
        out.contains("朗读录音 40 段与文字相符"),
        "the others still play: {out}"
    );
}

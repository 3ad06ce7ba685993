//! What the shipped content tells a citizen, read as the bureau's legal officer
//! reads it: the route for overdue matters, whose deadline each time limit is,
//! citations in the regulation's style, and no placeholder or accusing wording.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a panic in a test is a failing test

mod common;

use pufa_kiosk::core::citation::Citation;
use pufa_kiosk::core::content::{self, Content};
use pufa_kiosk::core::item::{Item, ItemKey, Kind};
use pufa_kiosk::core::roadmap::{Roadmap, Who};

fn shipped() -> Content {
    content::load(&common::repo().join("content")).expect("the shipped content loads")
}

fn step<'a>(roadmap: &'a Roadmap, id: &str) -> &'a pufa_kiosk::core::roadmap::Step {
    &roadmap.steps[roadmap.position(id).unwrap_or_else(|| panic!("step {id}"))]
}

/// Every text a citizen can read in panels, comic scenes and roadmap steps.
fn every_text(c: &Content) -> Vec<String> {
    let mut texts = Vec::new();
    for p in c.library.panels.values() {
        texts.extend(
            [Some(p.title.clone()), p.subtitle.clone(), p.body.clone()]
                .into_iter()
                .flatten(),
        );
    }
    for scene in c.library.comics.values().flat_map(|comic| &comic.scenes) {
        texts.push(scene.title.clone());
        texts.push(scene.explanation.clone());
        for f in &scene.frames {
            texts.extend(f.caption.clone());
            texts.extend(f.bubbles.iter().map(|b| b.text.clone()));
        }
    }
    for s in &c.roadmap.as_ref().unwrap().steps {
        texts.push(s.title.clone());
        texts.push(s.body.clone());
        texts.extend(s.choices.iter().map(|c| c.label.clone()));
    }
    texts
}

#[test]
fn a_citizen_whose_deadline_passed_is_shown_where_to_turn() {
    let c = shipped();
    let roadmap = c.roadmap.as_ref().unwrap();
    let overdue = roadmap.position("overdue").unwrap();
    for waiting in [
        "notice",
        "direct",
        "handle",
        "review-answer",
        "recheck-answer",
    ] {
        assert!(
            roadmap
                .next_steps(roadmap.position(waiting).unwrap())
                .contains(&overdue),
            "{waiting} leads to the overdue route"
        );
    }
    let line = c.citation_line(&step(roadmap, "overdue").citations);
    for article in [
        "第四十条",
        "第四十四条第三项",
        "第四十五条第一项",
        "第十九条第三款",
    ] {
        assert!(line.contains(article), "{line}");
    }
}

#[test]
fn each_time_limit_says_whose_it_is_and_runs_from_the_laws_event() {
    let c = shipped();
    let roadmap = c.roadmap.as_ref().unwrap();
    // (step, who, days, extension, label as shown, the event told in the body)
    let expected = [
        (
            "register",
            Who::Agency,
            15,
            None,
            "机关转送",
            "收到信访事项",
        ),
        ("notice", Who::Agency, 15, None, "机关书面告知", "收到之日"),
        (
            "direct",
            Who::Agency,
            15,
            None,
            "机关书面告知",
            "收到信访事项之日",
        ),
        ("handle", Who::Agency, 60, Some(30), "机关", "受理之日"),
        (
            "review",
            Who::Citizen,
            30,
            None,
            "您请求复查",
            "收到书面答复之日",
        ),
        (
            "review-answer",
            Who::Agency,
            30,
            None,
            "机关答复",
            "收到复查请求之日",
        ),
        (
            "recheck",
            Who::Citizen,
            30,
            None,
            "您请求复核",
            "收到书面答复之日",
        ),
        (
            "recheck-answer",
            Who::Agency,
            30,
            None,
            "机关复核，听证不计",
            "收到复核请求之日",
        ),
    ];
    for (id, who, days, extension, label, from) in expected {
        let s = step(roadmap, id);
        let limit = s
            .limit
            .as_ref()
            .unwrap_or_else(|| panic!("{id} has a limit"));
        assert_eq!(
            (
                limit.who,
                limit.days,
                limit.extension_days,
                limit.label.as_str(),
                limit.from.as_str()
            ),
            (who, days, extension, label, from),
            "{id}"
        );
        assert!(
            s.body.contains(from),
            "{id}: the body tells when the days start"
        );
    }
    assert!(
        step(roadmap, "recheck-answer")
            .body
            .contains("听证所需时间不计算"),
        "第三十六条第二款: hearing time is not counted"
    );
    assert_eq!(
        roadmap.steps.iter().filter(|s| s.limit.is_some()).count(),
        expected.len(),
        "no time limit left unchecked here"
    );
}

#[test]
fn the_first_question_is_the_kind_of_matter_and_the_channel_comes_after() {
    let c = shipped();
    let roadmap = c.roadmap.as_ref().unwrap();
    assert_eq!(roadmap.steps[0].id, "matter");
    let next: Vec<&str> = roadmap.steps[0]
        .choices
        .iter()
        .map(|c| c.next.as_str())
        .collect();
    assert_eq!(next, ["channel", "litigation"]);
    let channel: Vec<&str> = step(roadmap, "channel")
        .choices
        .iter()
        .map(|c| c.next.as_str())
        .collect();
    assert!(
        !channel.contains(&"litigation"),
        "the channel page offers channels only"
    );
}

#[test]
fn item_five_is_its_own_branch_not_a_legal_procedure() {
    let c = shipped();
    let roadmap = c.roadmap.as_ref().unwrap();
    let litigation = c.citation_line(&step(roadmap, "litigation").citations);
    assert!(
        litigation.contains("第三十一条第一项至第四项"),
        "{litigation}"
    );
    assert!(!litigation.contains("第五项"), "{litigation}");
    let claim: Vec<&str> = step(roadmap, "claim")
        .choices
        .iter()
        .map(|c| c.next.as_str())
        .collect();
    assert!(claim.contains(&"duty"), "{claim:?}");
    assert!(
        c.citation_line(&step(roadmap, "duty").citations)
            .contains("第三十一条第五项")
    );
}

#[test]
fn review_buttons_only_ask_about_an_answer_already_received() {
    let c = shipped();
    let roadmap = c.roadmap.as_ref().unwrap();
    for request in ["review", "recheck"] {
        let labels: Vec<&str> = step(roadmap, request)
            .choices
            .iter()
            .map(|c| c.label.as_str())
            .collect();
        assert_eq!(labels.len(), 1, "{request}: {labels:?}");
        assert!(
            !labels[0].contains("满意") && !labels[0].contains("不服"),
            "{request}: {labels:?}"
        );
    }
}

#[test]
fn judicial_aid_and_concluded_matters_are_covered() {
    let c = shipped();
    let aid = &c.library.panels["judicial-aid"];
    assert!(aid.body.as_ref().unwrap().contains("司法救助"));
    assert!(
        c.citation_line(&aid.citations)
            .contains("第三十七条第二款、第三款")
    );
    for id in ["judicial-aid", "overdue"] {
        assert!(
            c.playlist.iter().any(|i| i.item.key()
                == ItemKey {
                    kind: Kind::Panel,
                    id: id.to_owned()
                }),
            "{id} rotates"
        );
    }
    let roadmap = c.roadmap.as_ref().unwrap();
    assert!(step(roadmap, "litigation").body.contains("司法救助"));
}

#[test]
fn citations_read_like_the_regulation() {
    let c = shipped();
    let mut lines: Vec<String> = c
        .library
        .panels
        .values()
        .map(|p| c.citation_line(&p.citations))
        .collect();
    lines.extend(
        c.roadmap
            .as_ref()
            .unwrap()
            .steps
            .iter()
            .map(|s| c.citation_line(&s.citations)),
    );
    lines.extend(
        c.library
            .comics
            .values()
            .flat_map(|comic| &comic.scenes)
            .map(|s| c.citation_line(&s.citations)),
    );
    for line in lines.iter().filter(|l| !l.is_empty()) {
        assert!(
            !line.contains('（') && !line.contains('('),
            "no brackets: {line}"
        );
        assert!(
            !line.chars().any(|ch| ch.is_ascii_digit()),
            "Chinese numerals: {line}"
        );
    }
    let handling = c.citation_line(&c.library.panels["handling-60"].citations);
    assert!(handling.contains("第三十一条第六项"), "{handling}");
    assert!(!handling.contains("第三十一条第一款"), "{handling}");
}

#[test]
fn nothing_placeholder_or_accusing_reaches_the_public() {
    let c = shipped();
    for url in c.online.as_ref().unwrap().links.iter().map(|l| &l.url) {
        assert!(
            url.starts_with("https://") && !url.contains("example"),
            "{url}"
        );
    }
    for text in every_text(&c) {
        for word in ["闹访", "好好说", "偏要", "回执", "到这里就完成了"] {
            assert!(!text.contains(word), "`{word}` in {text}");
        }
    }
    let messages =
        std::fs::read_to_string(common::repo().join("assets/messages/zh-CN.ron")).unwrap();
    assert!(
        messages.contains("roadmap_end: \"本路线到此结束\""),
        "{messages}"
    );
    assert!(!messages.contains("内容有误"), "{messages}");
    assert_eq!(
        c.library.panels["statistics"].title, "湖滨区信访工作数字",
        "97.68% is the district's figure, not the bureau's alone"
    );
}

#[test]
fn the_laws_conditions_survive_simplification() {
    let c = shipped();
    let body = |id: &str| c.library.panels[id].body.clone().unwrap();
    assert!(body("truthful").contains("构成违反治安管理行为的"));
    assert!(body("truthful").contains("不是诬告"));
    assert!(body("consequences").contains("构成违反治安管理行为的"));
    assert!(body("registration-15").contains("可以"));
    assert!(body("report-protected").contains("不得透露或者转给被检举、揭发的人员或者单位"));
    assert!(body("after-fuhe").contains("同一事实和理由提出投诉请求"));
    assert!(body("prohibited-order").contains("非法聚集"));
    assert!(
        body("opinion-letter")
            .contains("事实清楚，符合法律、法规、规章或者其他有关规定的，予以支持")
    );
    assert!(body("channels").contains("一般应当采用书面形式"));
    let wugao = c.library.comics["zoufang-wuqu"]
        .scenes
        .iter()
        .find(|s| s.title == "捏造诬告")
        .unwrap();
    assert!(wugao.explanation.contains("构成违反治安管理行为的"));
}

/// Whether `citations` point into article `article`, paragraph `paragraph`
/// (or the whole article).
fn cites(citations: &[Citation], article: u32, paragraph: u32) -> bool {
    citations.iter().any(|c| {
        c.cite.article == article
            && (c.cite.paragraphs.is_empty() || c.cite.paragraphs.contains(&paragraph))
    })
}

/// A line or panel states a right when it rests on one of these: 可以反映
/// (第十七条第一款), 不得打击报复信访人 (第十八条第四款), 检举材料不得透露
/// (第三十条第三款), 司法救助 (第三十七条第二款).
fn states_a_right(citations: &[Citation]) -> bool {
    [(17, 1), (18, 4), (30, 3), (37, 2)]
        .into_iter()
        .any(|(article, paragraph)| cites(citations, article, paragraph))
}

#[test]
fn the_fifteen_day_notice_is_not_promised_where_article_twenty_three_four_applies() {
    let c = shipped();
    let roadmap = c.roadmap.as_ref().unwrap();
    let other = step(roadmap, "other-notice");
    assert!(cites(&other.citations, 23, 4), "第二十三条第四款");
    assert!(
        other.limit.is_none() && !other.body.contains("15"),
        "{}",
        other.body
    );
    for id in ["register", "direct"] {
        assert!(
            step(roadmap, id)
                .choices
                .iter()
                .any(|ch| ch.next == "other-notice"),
            "{id} leads the 政法 and 纪检监察 matters away from the 15 days"
        );
    }
    assert!(cites(&step(roadmap, "direct").citations, 23, 4));
    let panel = &c.library.panels["written-notice-15"];
    let words = format!(
        "{}{}{}",
        panel.title,
        panel.subtitle.clone().unwrap_or_default(),
        panel.body.clone().unwrap_or_default()
    );
    assert!(
        words.contains("信访部门以外"),
        "第二十三条 binds the other bodies: {words}"
    );
    assert!(cites(&panel.citations, 22, 1) && cites(&panel.citations, 23, 4));
}

#[test]
fn the_second_legal_reading_holds() {
    let c = shipped();
    let roadmap = c.roadmap.as_ref().unwrap();
    let litigation = step(roadmap, "litigation");
    assert!(
        !litigation.title.contains("法律程序"),
        "第三十一条第三项 党员申诉 is not one"
    );
    for word in ["上诉", "再审", "申诉", "检察监督"] {
        assert!(
            litigation.body.contains(word),
            "{word}: {}",
            litigation.body
        );
    }
    let after = c.library.panels["after-fuhe"].body.clone().unwrap();
    for text in [&step(roadmap, "final").body, &after] {
        assert!(!text.contains("仍可"), "no promise to reopen: {text}");
        assert!(text.contains("依规依法审查处理"), "{text}");
    }
    let done = &step(roadmap, "done").citations;
    assert!(
        cites(done, 40, 1)
            && done
                .iter()
                .any(|c| c.cite.article == 42 && c.cite.items == [4])
    );
    assert!(
        !step(roadmap, "duty").is_end(),
        "a way on when nothing happens"
    );
    assert!(
        c.library
            .panels
            .values()
            .any(|p| cites(&p.citations, 28, 3))
            || roadmap.steps.iter().any(|s| cites(&s.citations, 28, 3)),
        "回避, 第二十八条第三款"
    );
    let body = |id: &str| c.library.panels[id].body.clone().unwrap();
    assert!(body("protected").contains("构成犯罪的，依法追究刑事责任"));
    assert!(body("where-to-go").contains("本级或者上一级机关、单位设立或者指定的接待场所"));
    assert!(body("statistics").contains("2024年未发生恶性信访案件"));
    assert!(
        !body("statistics").contains("全区未发生"),
        "the report does not say 全区"
    );
    let scenes = &c.library.comics["zoufang-wuqu"].scenes;
    for scene in scenes.iter() {
        for f in &scene.frames {
            assert!(!f.caption.clone().unwrap_or_default().contains("“大官”"));
        }
    }
    let received = scenes.iter().find(|s| s.title == "文明来访").unwrap();
    assert!(
        !received.explanation.starts_with("平平安安"),
        "{}",
        received.explanation
    );
}

#[test]
fn the_ticker_and_the_twelve_four_panels_state_rights_too() {
    let c = shipped();
    let rights = c
        .ticker
        .iter()
        .filter(|l| states_a_right(&l.citations))
        .count();
    assert!(rights >= 2, "{rights} of {} ticker lines", c.ticker.len());
    let day = c.campaigns.iter().find(|k| k.id == "1204").unwrap();
    let panels: Vec<_> = day
        .items
        .iter()
        .filter_map(|i| match &i.item {
            Item::Panel(p) => Some(p),
            _ => None,
        })
        .collect();
    let rights = panels
        .iter()
        .filter(|p| states_a_right(&p.citations))
        .count();
    assert!(
        2 * rights >= panels.len(),
        "{rights} of {} panels",
        panels.len()
    );
    assert!(day.ticker.iter().any(|l| states_a_right(&l.citations)));
    for line in day.ticker.iter().filter(|l| l.source.is_some()) {
        assert_eq!(
            line.text, "12月4日是国家宪法日。",
            "the decision says only this"
        );
    }
}

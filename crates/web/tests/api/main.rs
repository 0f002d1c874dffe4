//! HTTP tests against the real server on port 0, with the demo data, on SQLite always and on
//! PostgreSQL when `ZHIFA_TEST_POSTGRES_URL` is set (CI sets it; under `CI=true` it is required).
//! One test binary: the harness in `helpers.rs`, one module per feature; each scenario runs on
//! both backends as `sqlite::NAME` and `postgres::NAME`.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

mod access;
mod accounts;
mod cases;
mod complaints;
mod documents;
mod evaluation;
mod evidence;
mod fixture;
mod helpers;
mod ledger;
mod pages;
mod public;
mod publicity;
mod review;
mod schema;
mod spotcheck;
mod statutes;
mod supervision;

/// Everything the modules share, and every scenario (for the per-backend tests below).
mod prelude {
    pub(crate) use crate::access::*;
    pub(crate) use crate::accounts::*;
    pub(crate) use crate::cases::*;
    pub(crate) use crate::complaints::*;
    pub(crate) use crate::documents::*;
    pub(crate) use crate::evaluation::*;
    pub(crate) use crate::evidence::*;

    pub(crate) use crate::helpers::*;
    pub(crate) use crate::ledger::*;
    pub(crate) use crate::pages::*;
    pub(crate) use crate::public::*;
    pub(crate) use crate::publicity::*;
    pub(crate) use crate::review::*;
    pub(crate) use crate::spotcheck::*;
    pub(crate) use crate::statutes::*;
    pub(crate) use crate::supervision::*;
}

use prelude::*;

macro_rules! both {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[test] fn $name() { super::run(|| async { super::$name(super::sqlite_app().await).await }) } )* }
        mod postgres { $( #[test] fn $name() { super::run(|| async { if let Some(a) = super::pg_app().await { super::$name(a).await } }) } )* }
    };
}

both!(
    a_roster_is_imported_whole_or_not_at_all,
    a_spot_check_is_announced_first_drawn_once_and_re_run_by_anyone,
    sign_in_sign_out_and_lockout,
    a_password_set_by_an_administrator_is_changed_before_anything_is_signed,
    authorization_matrix_every_route_every_role,
    writes_need_csrf_token,
    bad_input_names_fields_and_writes_nothing,
    control_characters_in_text_are_refused_alike_on_both_backends,
    duplicate_certificate_is_409_and_oversized_body_is_413,
    public_certificate_check_shows_nothing_private,
    openapi_health_and_metrics,
    pages_render_for_each_role,
    page_forms_keep_values_name_fields_and_write,
    every_route_against_every_role_table,
    bad_input_on_every_write_route,
    ledger_keys_checkpoints_and_proofs,
    viewing_an_officer_is_recorded_for_the_supervisor,
    evidence_upload_view_dossier_and_two_approval_deletion,
    evidence_uploads_refused_leave_nothing_and_verify_rehashes_files,
    evidence_routes_against_every_role,
    an_upload_cut_off_midway_leaves_nothing,
    evidence_pages_list_ask_for_a_purpose_and_delete_with_two_approvals,
    calendar_arithmetic_is_offered_to_anyone,
    penalty_general_case_runs_end_to_end_and_forbidden_paths_are_refused,
    each_hand_over_appears_on_the_next_persons_workbench,
    hand_overs_notify_the_next_person_and_reach_the_webhook,
    warnings_are_raised_as_records_are_written_and_close_themselves,
    the_bureau_lists_cases_by_body_and_overdue_and_exports_them,
    many_views_of_other_cases_in_a_day_raise_a_clue,
    the_bureau_acts_on_a_clue_and_a_late_reply_escalates,
    inspections_of_one_enterprise_above_the_cap_raise_a_clue,
    fines_and_field_records_are_judged_against_the_standard_their_peers_and_the_clock,
    the_dashboard_counts_what_its_links_list,
    a_complaint_from_the_public_form_to_its_conclusion,
    the_public_complaint_page_gives_a_code_and_refuses_a_flood,
    a_campaign_draws_verifiably_crosses_bodies_and_settles_each_file,
    the_yearly_assessment_opens_its_rows_and_is_published,
    administrators_manage_accounts_in_their_scope,
    art_58_review_loop_over_http_with_roles_recusal_and_other_bodies,
    art_58_no_path_records_a_decision_without_a_passed_review,
    art_58_a_passing_opinion_records_the_review_step_with_it,
    referral_queue_and_figures_over_http,
    onsite_penalty_case_within_and_above_the_limit,
    seizure_needs_video_and_extends_once,
    licence_application_runs_to_the_licence,
    case_routes_against_every_role,
    an_administrator_imports_a_new_years_holiday_notice,
    documents_are_filled_checked_numbered_rendered_and_verifiable,
    adapted_templates_are_filed_and_used_only_once_approved,
    decisions_are_published_redacted_withdrawn_and_expire,
    the_public_portal_shows_no_private_data,
    disguised_private_data_reaches_no_public_output,
    search_cuts_words_filters_and_every_process_serves_fresh_results,
    service_guides_show_the_procedure_the_system_enforces,
    window_boards_and_the_progress_query,
    spot_check_lists_and_discretion_standards_are_filed_and_public,
    annual_reports_are_corrected_published_and_downloaded,
    art_30_minors_are_not_penalised_or_penalised_leniently,
    art_31_capacity_is_a_recorded_finding_with_its_effect,
    art_64_hearing_rights_are_not_closed_early_and_a_no_show_ends_the_hearing,
    art_45_periods_run_from_the_service_of_the_notice_and_the_receipt_names_it,
    art_43_54_registration_checks_refusal_to_file_and_recusal,
    art_44_55_documents_state_the_record,
    art_37_the_law_at_the_time_of_the_act,
    licensing_art_42_an_extension_is_told_with_its_reason,
    licensing_art_46_48_hearings,
    art_56_preservation_is_approved_and_handled,
    art_68_69_on_the_spot_collection_needs_its_statutory_case,
    every_step_form_renders,
    framework_errors_are_chinese_pages_and_bodies,
    enforcement_art_53_54_court_enforcement_waits_for_remedies_and_a_demand,
    enforcement_art_44_demolition_waits_for_the_notice_and_the_remedy_periods,
);

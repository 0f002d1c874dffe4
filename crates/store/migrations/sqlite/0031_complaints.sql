-- 投诉举报: complaints from the public form, 12345 work orders, letters and visits, and each act
-- on them (routing, objection, acceptance or refusal, extension, conclusion, the reply, 复查 and
-- 复核). The complainant's name, telephone and address are on the complaint row and are never
-- shown to the public or to officers. All journaled; nothing is deleted.
CREATE TABLE complaints (
    id INTEGER PRIMARY KEY,
    tracking_code TEXT NOT NULL,
    channel TEXT NOT NULL,
    hotline_order TEXT,
    category TEXT NOT NULL,
    named_body_id INTEGER REFERENCES bodies(id),
    body_id INTEGER REFERENCES bodies(id),
    subject TEXT NOT NULL,
    content TEXT NOT NULL,
    happened_on TEXT,
    place TEXT,
    document_number TEXT,
    case_id INTEGER REFERENCES cases(id),
    officer_id INTEGER REFERENCES officers(id),
    complainant_name TEXT,
    complainant_phone TEXT,
    complainant_address TEXT,
    status TEXT NOT NULL,
    received_on TEXT NOT NULL,
    objected_on TEXT,
    assigned_on TEXT,
    accepted_on TEXT,
    refused_on TEXT,
    extension_days INTEGER,
    extension_reason TEXT,
    concluded_on TEXT,
    finding TEXT,
    opinion TEXT,
    basis TEXT,
    answered_on TEXT,
    answer_method TEXT,
    review_asked_on TEXT,
    reviewed_on TEXT,
    review_finding TEXT,
    review_opinion TEXT,
    recheck_asked_on TEXT,
    rechecked_on TEXT,
    recheck_finding TEXT,
    recheck_opinion TEXT,
    registered_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX complaints_code ON complaints(tracking_code);
CREATE INDEX complaints_body ON complaints(body_id, status);
CREATE INDEX complaints_status ON complaints(status, received_on);
CREATE TABLE complaint_acts (
    id INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    act TEXT NOT NULL,
    body_id INTEGER REFERENCES bodies(id),
    note TEXT,
    days INTEGER,
    finding TEXT,
    method TEXT,
    acted_on TEXT NOT NULL,
    late BOOLEAN NOT NULL,
    acted_by INTEGER REFERENCES users(id),
    acted_at TEXT NOT NULL
);
CREATE INDEX complaint_acts_complaint ON complaint_acts(complaint_id);

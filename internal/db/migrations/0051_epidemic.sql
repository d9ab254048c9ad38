-- Epidemic prevention (issue 16): the diseases and their protocols as data,
-- and the risk persons every later part (screenings, measures, tests) names.
-- Later parts of the module bring their own tables (0052 report cards,
-- 0053 screenings, 0054 measures and isolation sites, 0055 test results).

-- The notifiable diseases. region_path '' is the national list; a county or
-- city adds a local disease under its own path (地方病种), seen in its
-- subtree only. A disease is never deleted: effective_to ends it.
CREATE TABLE epi_diseases (
    code            TEXT COLLATE "C" PRIMARY KEY,
    name            TEXT NOT NULL,
    name_en         TEXT NOT NULL DEFAULT '',
    class           TEXT NOT NULL,               -- A, B, C, other, local
    managed_as      TEXT NOT NULL DEFAULT '',    -- '' or A: a 乙 disease managed as 甲
    report_hours    INTEGER NOT NULL,            -- 2 or 24: online report after diagnosis
    incubation_days INTEGER NOT NULL,            -- the longest incubation: tracing and follow-up windows
    has_course      BOOLEAN NOT NULL DEFAULT FALSE, -- the card asks acute or chronic (hepatitis B, C …)
    subtypes        TEXT NOT NULL DEFAULT '[]',  -- JSON [{code,name,managed_as?,report_hours?}]
    region_path     TEXT COLLATE "C" NOT NULL DEFAULT '',
    effective_from  TEXT NOT NULL,               -- YYYY-MM-DD, Beijing
    effective_to    TEXT NOT NULL DEFAULT '',    -- '' while in force
    sort            INTEGER NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX epi_diseases_region ON epi_diseases (region_path, sort);

-- 中华人民共和国传染病防治法 (revised, in force 2025-09-01), article 3:
-- 甲 2, 乙 27, 丙 11. Two-hour reporting: 甲, 乙 managed as 甲 (SARS;
-- pulmonary anthrax, a subtype), polio and human infection with a novel
-- influenza subtype (the national reporting rules); the rest 24 hours.
INSERT INTO epi_diseases (code, name, name_en, class, managed_as, report_hours, incubation_days, has_course, subtypes,
    effective_from, sort, created_at, updated_at) VALUES
('A01', '鼠疫', 'Plague', 'A', '', 2, 6, FALSE, '[{"code":"bubonic","name":"腺鼠疫"},{"code":"pneumonic","name":"肺鼠疫"},{"code":"septicemic","name":"败血症型鼠疫"},{"code":"other","name":"其他"}]', '2025-09-01', 101, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('A02', '霍乱', 'Cholera', 'A', '', 2, 5, FALSE, '[]', '2025-09-01', 102, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B01', '传染性非典型肺炎', 'SARS', 'B', 'A', 2, 14, FALSE, '[]', '2025-09-01', 201, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B02', '艾滋病', 'HIV/AIDS', 'B', '', 24, 180, FALSE, '[{"code":"hiv","name":"HIV感染者"},{"code":"aids","name":"艾滋病病人"}]', '2025-09-01', 202, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B03', '病毒性肝炎', 'Viral hepatitis', 'B', '', 24, 180, TRUE, '[{"code":"a","name":"甲型"},{"code":"b","name":"乙型"},{"code":"c","name":"丙型"},{"code":"d","name":"丁型"},{"code":"e","name":"戊型"},{"code":"unknown","name":"未分型"}]', '2025-09-01', 203, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B04', '脊髓灰质炎', 'Poliomyelitis', 'B', '', 2, 35, FALSE, '[]', '2025-09-01', 204, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B05', '人感染新亚型流感', 'Human infection with novel influenza subtype', 'B', '', 2, 10, FALSE, '[{"code":"h5n1","name":"H5N1"},{"code":"h7n9","name":"H7N9"},{"code":"h5n6","name":"H5N6"},{"code":"other","name":"其他亚型"}]', '2025-09-01', 205, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B06', '麻疹', 'Measles', 'B', '', 24, 21, FALSE, '[]', '2025-09-01', 206, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B07', '流行性出血热', 'Hemorrhagic fever with renal syndrome', 'B', '', 24, 46, FALSE, '[]', '2025-09-01', 207, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B08', '狂犬病', 'Rabies', 'B', '', 24, 365, FALSE, '[]', '2025-09-01', 208, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B09', '流行性乙型脑炎', 'Japanese encephalitis', 'B', '', 24, 21, FALSE, '[]', '2025-09-01', 209, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B10', '登革热', 'Dengue', 'B', '', 24, 14, FALSE, '[]', '2025-09-01', 210, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B11', '猴痘', 'Mpox', 'B', '', 24, 21, FALSE, '[]', '2025-09-01', 211, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B12', '炭疽', 'Anthrax', 'B', '', 24, 14, FALSE, '[{"code":"pulmonary","name":"肺炭疽","managed_as":"A","report_hours":2},{"code":"cutaneous","name":"皮肤炭疽"},{"code":"unknown","name":"未分型"}]', '2025-09-01', 212, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B13', '细菌性和阿米巴性痢疾', 'Bacillary and amoebic dysentery', 'B', '', 24, 7, FALSE, '[{"code":"bacillary","name":"细菌性痢疾"},{"code":"amoebic","name":"阿米巴性痢疾"}]', '2025-09-01', 213, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B14', '肺结核', 'Pulmonary tuberculosis', 'B', '', 24, 90, FALSE, '[{"code":"positive","name":"病原学阳性"},{"code":"negative","name":"病原学阴性"},{"code":"untested","name":"无病原学结果"}]', '2025-09-01', 214, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B15', '伤寒和副伤寒', 'Typhoid and paratyphoid', 'B', '', 24, 30, FALSE, '[{"code":"typhoid","name":"伤寒"},{"code":"paratyphoid","name":"副伤寒"}]', '2025-09-01', 215, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B16', '流行性脑脊髓膜炎', 'Meningococcal meningitis', 'B', '', 24, 10, FALSE, '[]', '2025-09-01', 216, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B17', '百日咳', 'Pertussis', 'B', '', 24, 21, FALSE, '[]', '2025-09-01', 217, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B18', '白喉', 'Diphtheria', 'B', '', 24, 7, FALSE, '[]', '2025-09-01', 218, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B19', '新生儿破伤风', 'Neonatal tetanus', 'B', '', 24, 14, FALSE, '[]', '2025-09-01', 219, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B20', '猩红热', 'Scarlet fever', 'B', '', 24, 7, FALSE, '[]', '2025-09-01', 220, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B21', '布鲁氏菌病', 'Brucellosis', 'B', '', 24, 60, TRUE, '[]', '2025-09-01', 221, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B22', '淋病', 'Gonorrhoea', 'B', '', 24, 10, FALSE, '[]', '2025-09-01', 222, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B23', '梅毒', 'Syphilis', 'B', '', 24, 90, FALSE, '[{"code":"primary","name":"一期"},{"code":"secondary","name":"二期"},{"code":"tertiary","name":"三期"},{"code":"congenital","name":"胎传"},{"code":"latent","name":"隐性"}]', '2025-09-01', 223, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B24', '钩端螺旋体病', 'Leptospirosis', 'B', '', 24, 30, FALSE, '[]', '2025-09-01', 224, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B25', '血吸虫病', 'Schistosomiasis', 'B', '', 24, 90, TRUE, '[]', '2025-09-01', 225, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B26', '疟疾', 'Malaria', 'B', '', 24, 30, FALSE, '[{"code":"vivax","name":"间日疟"},{"code":"falciparum","name":"恶性疟"},{"code":"other","name":"其他/未分型"}]', '2025-09-01', 226, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('B27', '新型冠状病毒感染', 'COVID-19', 'B', '', 24, 14, FALSE, '[]', '2025-09-01', 227, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('C01', '流行性感冒', 'Influenza', 'C', '', 24, 4, FALSE, '[]', '2025-09-01', 301, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('C02', '流行性腮腺炎', 'Mumps', 'C', '', 24, 25, FALSE, '[]', '2025-09-01', 302, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('C03', '风疹', 'Rubella', 'C', '', 24, 21, FALSE, '[]', '2025-09-01', 303, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('C04', '急性出血性结膜炎', 'Acute haemorrhagic conjunctivitis', 'C', '', 24, 3, FALSE, '[]', '2025-09-01', 304, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('C05', '麻风病', 'Leprosy', 'C', '', 24, 365, FALSE, '[]', '2025-09-01', 305, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('C06', '流行性和地方性斑疹伤寒', 'Epidemic and endemic typhus', 'C', '', 24, 14, FALSE, '[]', '2025-09-01', 306, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('C07', '黑热病', 'Visceral leishmaniasis', 'C', '', 24, 180, FALSE, '[]', '2025-09-01', 307, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('C08', '包虫病', 'Echinococcosis', 'C', '', 24, 365, FALSE, '[]', '2025-09-01', 308, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('C09', '丝虫病', 'Filariasis', 'C', '', 24, 365, FALSE, '[]', '2025-09-01', 309, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('C10', '其它感染性腹泻病', 'Other infectious diarrhoea', 'C', '', 24, 7, FALSE, '[]', '2025-09-01', 310, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),
('C11', '手足口病', 'Hand, foot and mouth disease', 'C', '', 24, 7, FALSE, '[]', '2025-09-01', 311, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z');

-- Protocols: what a risk category of a disease is put under, as stages
-- (JSON [{measure, days, test_days[], checkins_per_day}]). A version in force
-- is never edited: a new one supersedes it (superseded_at), applies to new
-- measures only, and each measure names the version it follows.
CREATE TABLE epi_protocols (
    id              TEXT COLLATE "C" PRIMARY KEY,
    disease_code    TEXT COLLATE "C" NOT NULL REFERENCES epi_diseases (code),
    category        TEXT NOT NULL,
    version         INTEGER NOT NULL,
    stages          TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    effective_from  TIMESTAMPTZ NOT NULL,
    superseded_at   TIMESTAMPTZ,
    created_by      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX epi_protocols_version ON epi_protocols (disease_code, category, version);
-- at most one version in force per disease and category
CREATE UNIQUE INDEX epi_protocols_current ON epi_protocols (disease_code, category) WHERE superseded_at IS NULL;

INSERT INTO epi_protocols (id, disease_code, category, version, stages, note, effective_from, created_by, created_at) VALUES
('01930000-0000-7000-8000-000000000001', 'B27', 'close_contact', 1,
 '[{"measure":"centralised_isolation","days":7,"test_days":[1,2,3,5,7],"checkins_per_day":2},{"measure":"home_monitoring","days":3,"test_days":[3],"checkins_per_day":1}]',
 '密切接触者：7天集中隔离（第1、2、3、5、7天核酸检测）+3天居家健康监测（第3天检测）', '2025-09-01T00:00:00Z', 'system', '2025-09-01T00:00:00Z'),
('01930000-0000-7000-8000-000000000002', 'B27', 'secondary_contact', 1,
 '[{"measure":"home_isolation","days":7,"test_days":[1,4,7],"checkins_per_day":2}]',
 '密接的密接：7天居家隔离（第1、4、7天检测）', '2025-09-01T00:00:00Z', 'system', '2025-09-01T00:00:00Z'),
('01930000-0000-7000-8000-000000000003', 'B27', 'risk_area', 1,
 '[{"measure":"home_monitoring","days":7,"test_days":[1,3,7],"checkins_per_day":1}]',
 '风险区来返人员：7天居家健康监测（第1、3、7天检测）', '2025-09-01T00:00:00Z', 'system', '2025-09-01T00:00:00Z'),
('01930000-0000-7000-8000-000000000004', 'B27', 'inbound', 1,
 '[{"measure":"home_monitoring","days":3,"test_days":[1,3],"checkins_per_day":1}]',
 '入境人员：3天居家健康监测（第1、3天检测）', '2025-09-01T00:00:00Z', 'system', '2025-09-01T00:00:00Z'),
('01930000-0000-7000-8000-000000000005', 'B27', 'asymptomatic', 1,
 '[{"measure":"centralised_isolation","days":7,"test_days":[6,7],"checkins_per_day":2}]',
 '无症状感染者：7天集中隔离（第6、7天检测）', '2025-09-01T00:00:00Z', 'system', '2025-09-01T00:00:00Z'),
('01930000-0000-7000-8000-000000000006', 'B27', 'fever_clinic', 1,
 '[{"measure":"home_monitoring","days":3,"test_days":[1],"checkins_per_day":2}]',
 '发热门诊就诊者：3天居家健康监测（第1天检测）', '2025-09-01T00:00:00Z', 'system', '2025-09-01T00:00:00Z'),
('01930000-0000-7000-8000-000000000007', 'B11', 'close_contact', 1,
 '[{"measure":"home_monitoring","days":21,"test_days":[],"checkins_per_day":1}]',
 '猴痘密切接触者：21天居家健康监测', '2025-09-01T00:00:00Z', 'system', '2025-09-01T00:00:00Z'),
('01930000-0000-7000-8000-000000000008', 'A02', 'close_contact', 1,
 '[{"measure":"centralised_isolation","days":5,"test_days":[1,2,3],"checkins_per_day":2}]',
 '霍乱密切接触者：5天医学观察（第1、2、3天粪便检测）', '2025-09-01T00:00:00Z', 'system', '2025-09-01T00:00:00Z');

-- Risk persons: one row per person and episode (a disease, until the
-- episode ends). The ID number is sealed with its blind index for the
-- dedupe; a person without one is matched by name, phone and birth date only
-- as a candidate for merge (merge_of), never merged silently. region_path is
-- where the person was placed: a grid's path, or a township's (or higher)
-- for its pool (pooled), to be assigned by hand.
CREATE TABLE epi_persons (
    id            TEXT COLLATE "C" PRIMARY KEY,
    disease_code  TEXT COLLATE "C" NOT NULL REFERENCES epi_diseases (code),
    category      TEXT NOT NULL,
    name          TEXT NOT NULL,
    id_enc        TEXT NOT NULL DEFAULT '',
    id_idx        TEXT COLLATE "C" NOT NULL DEFAULT '',
    phone_enc     TEXT NOT NULL DEFAULT '',
    phone_idx     TEXT COLLATE "C" NOT NULL DEFAULT '',
    sex           TEXT NOT NULL DEFAULT '',
    birth_date    TEXT NOT NULL DEFAULT '',
    address       TEXT NOT NULL DEFAULT '',
    origin        TEXT NOT NULL DEFAULT '',
    resident_id   TEXT COLLATE "C",
    grid_code     TEXT NOT NULL DEFAULT '',
    region_path   TEXT COLLATE "C" NOT NULL,
    pooled        BOOLEAN NOT NULL DEFAULT FALSE,
    -- outside the city: the hand-over (协查函) names the destination
    handover_to   TEXT NOT NULL DEFAULT '',
    state         TEXT NOT NULL,
    outcome       TEXT NOT NULL DEFAULT '',
    deadline      TIMESTAMPTZ,
    merge_of      TEXT COLLATE "C",
    ended_at      TIMESTAMPTZ,
    anonymised_at TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
-- one open episode per person and disease
CREATE UNIQUE INDEX epi_persons_episode ON epi_persons (id_idx, disease_code) WHERE id_idx <> '' AND ended_at IS NULL;
CREATE INDEX epi_persons_scope ON epi_persons (region_path, state, deadline);
CREATE INDEX epi_persons_resident ON epi_persons (resident_id) WHERE resident_id IS NOT NULL;
CREATE INDEX epi_persons_fuzzy ON epi_persons (name, birth_date);
CREATE INDEX epi_persons_ended ON epi_persons (ended_at) WHERE ended_at IS NOT NULL AND anonymised_at IS NULL;

-- Every list or report that named a person: kind screening, report (a
-- report card), test, trace, manual; ref the row of that source.
CREATE TABLE epi_person_sources (
    person_id  TEXT COLLATE "C" NOT NULL REFERENCES epi_persons (id),
    kind       TEXT NOT NULL,
    ref        TEXT COLLATE "C" NOT NULL,
    category   TEXT NOT NULL,
    added_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (person_id, kind, ref)
);
CREATE INDEX epi_person_sources_ref ON epi_person_sources (kind, ref, person_id);

"""Radiology report: accession number, comparison dates, findings, impression, dictation marks."""

from __future__ import annotations

import random

from kit.synth import clinical, dates, people, phi
from kit.synth.cases import Case, age_phrase, sex_word
from kit.synth.kinds.blocks import label
from kit.synth.kinds.registry import register_kind
from kit.synth.text import Phi, TextBuilder

EXAMS = {
    "CHEST, 2 VIEWS": (
        "Lungs are clear. No pleural effusion or pneumothorax. Cardiomediastinal silhouette is normal.",
        "Mild cardiomegaly. Pacemaker leads terminate in the right atrium and ventricle.",
        "Patchy right lower lobe opacity concerning for pneumonia.",
    ),
    "CT HEAD WITHOUT CONTRAST": (
        "No acute intracranial hemorrhage, mass effect or midline shift.",
        "Chronic small vessel ischemic changes. Old lacunar infarct in the left basal ganglia.",
    ),
    "MRI LUMBAR SPINE": (
        "Disc desiccation at L4-L5 with a broad-based bulge and mild foraminal narrowing.",
        "L5-S1 right paracentral protrusion contacting the traversing S1 nerve root.",
    ),
    "US RIGHT UPPER QUADRANT": (
        "Cholelithiasis without wall thickening; sonographic Murphy sign negative.",
        "Common bile duct measures 4 mm. Liver is echogenic, suggesting steatosis.",
    ),
    "CTA CHEST (PE PROTOCOL)": (
        "No pulmonary embolism to the segmental level.",
        "Filling defect in the right lower lobe segmental artery consistent with PE.",
    ),
    "XR LEFT KNEE 3 VIEWS": (
        "Moderate medial compartment joint space narrowing with osteophytes.",
        "No fracture. Small suprapatellar effusion.",
    ),
    "DEXA SCAN": (
        "Lumbar spine T-score -2.7, consistent with osteoporosis.",
        "Left femoral neck T-score -1.8 (osteopenia).",
    ),
    "US OBSTETRIC >14 WEEKS": (
        "Single live intrauterine pregnancy, estimated gestational age 22w3d.",
        "Anterior placenta without previa; amniotic fluid index 14 cm.",
    ),
}


GENERAL = (
    "Osseous structures are intact for age.",
    "Soft tissues are unremarkable.",
    "No free air.",
    "Degenerative changes of the thoracic spine.",
    "Surgical clips in the right upper quadrant.",
    "Vascular calcifications are noted.",
    "No suspicious osseous lesion.",
    "Support devices as above.",
    "Limited evaluation due to patient motion.",
    "Foley catheter balloon in the bladder.",
)


@register_kind("radiology_report")
def radiology_report(rng: random.Random, case: Case) -> TextBuilder:
    """Radiology report."""
    b, p = TextBuilder(), case.patient
    exam = rng.choice(list(EXAMS))
    b.line(
        "{f} {dept}",
        f=case.facility.name,
        dept=rng.choice(("Radiology", "Department of Imaging", "Diagnostic Imaging")),
    )
    b.line(
        "{l} {n}",
        l=label(rng, "PATIENT:", "Name:", "Pt:"),
        n=people.name(rng, p, rng.choice(("LAST, FIRST", "LAST, FIRST M", "last, first"))),
    )
    b.line(
        "{l} {m}   {l2} {a}",
        l=label(rng, "MRN:", "MR#", "ID:"),
        m=p.ids["mrn"],
        l2=label(rng, "ACCESSION:", "Acc#:", "Accession No."),
        a=phi.other_id(rng),
    )
    b.line(
        "{l} {d}   AGE: {age}",
        l=label(rng, "DOB:", "Birth Date:"),
        d=dates.date(rng, p.dob),
        age=age_phrase(rng, p.age_on(case.visit))[0],
    )
    b.line("EXAM: {e}", e=exam)
    b.line(
        "{l} {d} {t}",
        l=label(rng, "DATE OF EXAM:", "Exam Date:", "Performed:"),
        d=dates.date(rng, case.visit),
        t=dates.clock(rng),
    )
    b.line(
        "{l} {n}", l=label(rng, "ORDERING PHYSICIAN:", "Ordered by:", "Referring:"), n=people.doctor(rng, case.referrer)
    )
    b.line()
    b.line(
        "CLINICAL INDICATION: {c}",
        c=rng.choice(
            (
                "Cough and fever.",
                "Fall with head strike.",
                "Low back pain radiating to the leg.",
                "RUQ pain.",
                "Pleuritic chest pain, elevated D-dimer.",
                "Knee pain.",
                "Screening.",
                "Routine anatomy scan.",
            )
        ),
    )
    b.line(
        "TECHNIQUE: {t}",
        t=rng.choice(
            (
                "Standard protocol.",
                "Axial images without IV contrast.",
                "Multiplanar multisequence imaging.",
                "Real-time grayscale and color Doppler imaging.",
            )
        ),
    )
    if rng.random() < 0.7:
        b.line(
            "COMPARISON: {d}",
            d=[
                rng.choice(("Prior study of ", "", "Outside films from ")),
                dates.date(rng, dates.shift(case.visit, -rng.randint(30, 1500))),
            ]
            if rng.random() < 0.8
            else "None.",
        )
    if rng.random() < 0.5:
        b.line(
            "HISTORY: {a} {s} with {c}.",
            a=age_phrase(rng, p.age_on(case.visit)),
            s=sex_word(rng, p, p.age_on(case.visit)),
            c=rng.choice(clinical.PROBLEMS)[0],
        )
    b.line()
    b.line("FINDINGS:")
    for finding in rng.sample(EXAMS[exam], k=rng.randint(1, len(EXAMS[exam]))):
        b.line(finding)
    for finding in rng.sample(GENERAL, k=rng.randint(1, 3)):
        b.line(finding)
    if rng.random() < 0.3:
        b.line(
            "Cardiac device identified as {m}, serial {sn} per device card.",
            m=rng.choice(("a dual-chamber pacemaker", "an ICD", "a loop recorder")),
            sn=phi.device_serial(rng),
        )
    b.line()
    b.line("IMPRESSION:")
    b.line("1. {x}", x=rng.choice(EXAMS[exam]))
    if rng.random() < 0.4:
        b.line(
            "2. Findings discussed with {n} by telephone at {t} on {d}.",
            n=people.doctor(rng, case.referrer, "dr last"),
            t=dates.clock(rng),
            d=dates.date(rng, case.visit, dates.PROSE_STYLES),
        )
    b.line()
    b.line("Dictated by: {n}", n=people.doctor(rng, case.attending, rng.choice(("full cred", "dr full"))))
    if rng.random() < 0.6:
        b.line(
            "Transcribed by: {tag} {d}",
            tag=people.dictation_tag(rng, case.attending, case.typist),
            d=dates.date(rng, case.visit, ("mm/dd/yy", "mm/dd/yyyy")),
        )
    if rng.random() < 0.25:
        b.line(
            "ADDENDUM {d}: {x}",
            d=dates.date(rng, dates.shift(case.visit, 1)),
            x=rng.choice(
                (
                    "Comparison with the outside study confirms stability.",
                    "Correction: left, not right.",
                    "Findings called to the ED at 1412.",
                )
            ),
        )
    if rng.random() < 0.4:
        b.line("Workstation: {ip}  User: {u}", ip=phi.ip_address(rng), u=Phi(case.attending.login, "USERNAME"))
    return b

"""Generic phrasing for Q&A pairs: prompt wrappers, answer openers and closers, junk answers."""

from __future__ import annotations

GREETINGS = (
    "",
    "",
    "",
    "Hi, ",
    "Hello, ",
    "Hi doctor, ",
    "Good morning. ",
    "Hey, ",
    "Dear nurse, ",
    "Quick question: ",
    "Hello there. ",
    "Hi there, ",
    "Sorry to bother you, ",
)

CONTEXTS = (
    "I'm {age} and otherwise pretty healthy.",
    "I am {age} years old.",
    "I'm a {age} year old {sex}.",
    "I've been dealing with this for about {duration}.",
    "This has been going on for {duration} now.",
    "I'm asking for my {relative}, who is {age}.",
    "My doctor is on vacation so I'm asking here.",
    "I have high blood pressure and take lisinopril.",
    "I already looked online and got confused.",
    "I don't have insurance right now so I want to avoid the ER if I can.",
    "I work night shifts, if that matters.",
    "I'm pregnant, about {weeks} weeks along.",
    "I had the same problem last year.",
    "My pharmacist told me to ask my care team.",
    "I'm a caregiver for my {relative}.",
    "English is not my first language, sorry for mistakes.",
    "",
)

DETAILS = (
    "",
    "",
    "",
    "Thanks in advance.",
    "Any advice is appreciated.",
    "Should I be worried?",
    "I don't want to overreact.",
    "Please answer soon.",
    "Thank you!!",
    "What do you recommend?",
    "Is this normal?",
    "I can send a photo if needed.",
)

DURATIONS = (
    "two days",
    "three days",
    "a week",
    "two weeks",
    "a month",
    "six weeks",
    "three months",
    "half a year",
    "a couple of years",
    "since the spring",
    "since my last visit",
)
RELATIVES = (
    "mother",
    "father",
    "son",
    "daughter",
    "husband",
    "wife",
    "grandmother",
    "grandfather",
    "aunt",
    "uncle",
    "partner",
    "neighbor",
)

ACKS = (
    "Thank you for your question about {title}.",
    "Thanks for reaching out - questions about {title} are very common, and it's good that you asked.",
    "I'm sorry you're dealing with this. Let's go through it step by step.",
    "That's a very reasonable question, and I'm glad you asked before making any changes.",
    "Good question. {Title} can be confusing, so here is a clear overview.",
    "I understand why this is worrying. Here is what we usually recommend.",
    "Thank you for the detailed description; it helps a lot.",
    "It's completely understandable to have questions about {title}.",
    "Thanks for writing in. I'll answer in two parts: what is going on, and what you can do.",
    "I hear you - {title} affects daily life, and you deserve a clear answer.",
    "Great that you're paying attention to this.",
    "Thank you for asking; many patients wonder the same thing.",
    "Let me address your concern directly.",
    "I'm glad you reached out about this.",
)

STEP_HEADERS = (
    "Here is what you can do:",
    "What I recommend:",
    "**What you can do now**",
    "Practical steps:",
    "Steps to take:",
    "Here's a plan:",
    "## What to do",
    "Some things that help:",
    "My suggestions:",
    "Try the following:",
)
WARN_HEADERS = (
    "Seek care right away if you notice:",
    "**When to get help urgently**",
    "Call us or go to urgent care if:",
    "Warning signs to watch for:",
    "## When to call",
    "Please don't wait if you have:",
    "Call 911 or go to the emergency department for:",
)
CLOSINGS = (
    "I hope this helps. Please send another message if anything changes.",
    "If you have more questions, don't hesitate to reach out.",
    "Let us know how you're doing in a week or two.",
    "Take care, and please follow up with your primary care clinician.",
    "Wishing you a quick recovery.",
    "Feel free to schedule a visit if you'd like to talk this through in person.",
    "This message does not replace an exam, so book a visit if things are not improving.",
    "You're doing the right thing by keeping an eye on this.",
    "Please bring your medication list to your next appointment.",
    "We're here to help - reply anytime.",
    "",
)
BULLETS = ("- ", "* ", "• ", "{i}. ", "{i}) ")

EMPTYISH = (".", "-", "&nbsp;", "<br>", "...", "_", "[no response]", "\u200b.", "--")
NON_ANSWERS = (
    "see the answer above",
    "See above.",
    "Same as my previous reply.",
    "Please refer to my earlier answer.",
    "ok",
    "Thanks!",
    "N/A",
    "?",
    "Answered by phone.",
    "duplicate - closed",
    "See attached.",
    "asdf",
    "lol same",
    "bump",
    "[deleted]",
    ".",
)
#: Link-only answers as (text before, URL, text after).
LINKS = (
    ("", "https://www.healthinfo-example.org/{topic}", ""),
    ("", "http://bit.ly/3xYzQ{n}", ""),
    ("See: ", "www.medlineplus.gov", ""),
    ('<a href="', "https://patient-education.example.com/{topic}", '">click here</a>'),
    ("", "https://www.youtube.com/watch?v=dQ{n}x", ""),
    ("Read this ->> ", "http://tinyurl.com/h{n}lth", ""),
)
HTML_RESIDUE = (
    '<div class="answer"><p>&nbsp;</p><br/></div>',
    "<p></p>&nbsp;&nbsp;<br>",
    '<span style="font-family:Calibri">&nbsp;</span>',
    "&lt;p&gt;Please see attached&lt;/p&gt;",
    "<html><body><table><tr><td></td></tr></table></body></html>",
    "<!-- reply --><p>Thanks</p>&amp;nbsp;",
)
FOREIGN = (
    "Gracias por su pregunta. Le recomendamos que hable con su médico de cabecera lo antes posible.",
    "Merci pour votre message. Veuillez prendre rendez-vous avec votre médecin traitant.",
    "Vielen Dank für Ihre Nachricht. Bitte wenden Sie sich an Ihre Hausarztpraxis.",
    "Obrigado pela sua pergunta. Procure o seu médico se os sintomas continuarem.",
    "Salamat sa iyong tanong. Mangyaring kumonsulta sa iyong doktor.",
    "Grazie per la domanda. Le consigliamo di contattare il suo medico di base.",
    "Dziękujemy za wiadomość. Prosimy o kontakt z lekarzem rodzinnym.",
    "Cảm ơn câu hỏi của bạn. Vui lòng liên hệ với bác sĩ của bạn.",
)
FAIR_TAILS = (
    "",
    "",
    "Ask your doctor.",
    "Hope that helps.",
    "Talk to your provider.",
    "Call if worse.",
    "It depends.",
    "Usually this is fine.",
)

RELATED_HEADERS = (
    "You may also want to know:",
    "**Related**",
    "Also worth knowing:",
    "One more thing:",
    "Other patients often ask about this too.",
)
VISIT_NOTES = (
    "At your next visit we will review your symptoms, check your vital signs and go over your medication list. "
    "Please bring any readings or notes you have kept, and write down your questions beforehand so we do not run "
    "out of time.",
    "If you would like, we can set up a telehealth visit so you do not need to travel. A nurse can also call you "
    "to go over these steps, and we can send written instructions through the portal.",
    "Everyone is different, so treat this as general guidance. Your care team knows your history and can adjust "
    "the plan, especially if you have other conditions or take several medicines.",
    "It can take a few weeks for changes to make a difference, so try not to get discouraged. Small, steady steps "
    "usually work better than big changes that are hard to keep up.",
)

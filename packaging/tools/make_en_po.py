#!/usr/bin/env python3
"""Writes assets/i18n/en.po from assets/i18n/dlkiosk.pot and the English texts below.

Dutch is the source language. After `cmake --build <dir> --target pot`, run this script; it
fails when a msgid has no English text yet, so no UI string ships untranslated by accident.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from po_entries import entries  # noqa: E402

EN = {
    "ICT-basisvaardigheden": "Basic ICT skills",
    "Informatievaardigheden": "Information skills",
    "Mediawijsheid": "Media literacy",
    "Computational thinking": "Computational thinking",
    "ICT": "ICT",
    "Informatie": "Information",
    "Media": "Media",
    "CT": "CT",
    "De pincode heeft 4 tot 12 cijfers.": "The PIN has 4 to 12 digits.",
    "Een pincode bestaat alleen uit cijfers.": "A PIN consists of digits only.",
    "De kiosk kan niet starten": "The kiosk cannot start",
    "Leerling: steek je hand op; de leerkracht helpt je.": "Pupil: raise your hand; your teacher will help you.",
    "Voor de leerkracht:": "For the teacher:",
    "Sluiten": "Close",
    "Klaar! Goed gedaan.": "Done! Well done.",
    "Al je antwoorden zijn opgeslagen. Laat de computer aan staan en steek je hand op.":
        "All your answers are saved. Leave the computer on and raise your hand.",
    "Volgende leerling": "Next pupil",
    "Vraag %zu van %zu": "Question %zu of %zu",
    "Vraag %zu": "Question %zu",
    "✓ Opgeslagen": "✓ Saved",
    "Bezig met opslaan…": "Saving…",
    "Nog niet opgeslagen": "Not saved yet",
    "← Vorige": "← Previous",
    "Klaar ✓": "Done ✓",
    "Volgende →": "Next →",
    "Ben je klaar?": "Are you done?",
    "Je hebt 1 vraag nog niet beantwoord.": "You have not answered 1 question yet.",
    "Je hebt %zu vragen nog niet beantwoord.": "You have not answered %zu questions yet.",
    "Als je op Klaar drukt, kun je je antwoorden niet meer veranderen.":
        "Once you press Done, you cannot change your answers any more.",
    "Nee, ga terug": "No, go back",
    "Ja, ik ben klaar": "Yes, I am done",
    "Je antwoord is nog niet opgeslagen. Steek je hand op; de leerkracht helpt je. Je antwoord blijft bewaard op het scherm.":
        "Your answer has not been saved yet. Raise your hand; your teacher will help you. Your answer stays on the screen.",
    "Welkom!": "Welcome!",
    "Typ de code die je van je leerkracht hebt gekregen.": "Type the code your teacher gave you.",
    "Jouw code": "Your code",
    "Start": "Start",
    "Deze code kennen we niet. Kijk of je hem goed hebt getypt.":
        "We do not know this code. Check that you typed it correctly.",
    "Je hebt alle onderdelen al gemaakt. Goed gedaan!": "You have already done every part. Well done!",
    "Er staan nog geen toetsen klaar. Steek je hand op; de leerkracht helpt je.":
        "No tests are ready yet. Raise your hand; your teacher will help you.",
    "Er ging iets mis bij het opslaan. Steek je hand op; de leerkracht helpt je.":
        "Something went wrong while saving. Raise your hand; your teacher will help you.",
    "Leerkracht": "Teacher",
    "Kiosk afsluiten": "Close the kiosk",
    "Alleen de leerkracht kan de kiosk afsluiten. Voer de pincode in.":
        "Only the teacher can close the kiosk. Enter the PIN.",
    "Voer de pincode van de leerkracht in.": "Enter the teacher's PIN.",
    "Pincode": "PIN",
    "OK": "OK",
    "Terug": "Back",
    "Te vaak een verkeerde pincode. Probeer het over %d seconden opnieuw.":
        "Too many wrong PINs. Try again in %d seconds.",
    "Deze pincode klopt niet.": "This PIN is not correct.",
    "De pincode kon niet worden gecontroleerd: ": "The PIN could not be checked: ",
    "Eerste start: stel de kiosk in": "First start: set up the kiosk",
    "Vul de naam van de school in en kies een pincode voor de leerkrachten. Met de pincode open je het leerkrachtscherm en sluit je de kiosk af. Schrijf hem op een veilige plek op.":
        "Enter the school's name and choose a PIN for the teachers. The PIN opens the teacher screen and closes the kiosk. Write it down somewhere safe.",
    "Naam van de school": "Name of the school",
    "Pincode (4 tot 12 cijfers)": "PIN (4 to 12 digits)",
    "Pincode nog een keer": "PIN again",
    "Opslaan en beginnen": "Save and begin",
    "De twee pincodes zijn niet gelijk.": "The two PINs are not the same.",
    "Vul de naam van de school in.": "Enter the name of the school.",
    "Opslaan is niet gelukt: ": "Saving failed: ",
    "niet begonnen": "not started",
    "bezig": "in progress",
    "klaar": "done",
    "De resultaten konden niet worden gelezen: ": "The results could not be read: ",
    "Klassen": "Classes",
    "Nog geen klassen.": "No classes yet.",
    "Nieuwe klas": "New class",
    "Naam": "Name",
    "Aantal leerlingen": "Number of pupils",
    "Maak klas met codes": "Make class with codes",
    "Maak links een klas. Elke leerling krijgt een eigen code om mee te beginnen.":
        "Make a class on the left. Every pupil gets a code of their own to start with.",
    "Code": "Code",
    "Status": "Status",
    "Totaal": "Total",
    "%d leerlingen klaar; gemiddeld %.0f%% van de punten.": "%d pupils done; on average %.0f%% of the points.",
    "%d leerlingen klaar. Een klasgemiddelde volgt vanaf 6 leerlingen.":
        "%d pupils done. A class average is shown from 6 pupils on.",
    "Naar leerlingscherm": "To the pupils' screen",
    "De kiosk afsluiten?": "Close the kiosk?",
    "Alle antwoorden zijn opgeslagen. Leerlingen kunnen na een herstart verder waar ze waren.":
        "All answers are saved. After a restart, pupils continue where they were.",
    "Nee": "No",
    "Ja, afsluiten": "Yes, close",
    "Afbeelding": "Image",
    "Je kiest er hoogstens %d.": "You choose at most %d.",
    "Omhoog": "Up",
    "Omlaag": "Down",
    "Zet de stappen in de goede volgorde met de pijltjes of door ze te slepen.":
        "Put the steps in the right order with the arrows or by dragging them.",
    "Deze volgorde klopt": "This order is right",
    "kies…": "choose…",
    "De tijd is om.": "Time is up.",
    "Nog %lld min": "%lld min left",
    "Nog %lld s": "%lld s left",
    "Aanpassingen voor deze leerling": "Accommodations for this pupil",
    "Ze gelden vanaf de volgende keer dat de leerling inlogt.": "They apply from the pupil's next login.",
    "Tekstgrootte": "Text size",
    "Extra tijd": "Extra time",
    "Hoog contrast": "High contrast",
    "Annuleren": "Cancel",
    "Opslaan": "Save",
    "Schaal*": "Scale*",
    "%.0f ±%.0f N%d": "%.0f ±%.0f L%d",
    "Niveau %d tot %d (95%%-interval); kans op niveau %d: %.0f%%": "Level %d to %d (95%% interval); chance of level %d: %.0f%%",
    "* Schaalscore (gemiddeld 500, sd 100) met 95%-marge en niveau. VOORLOPIG: de vragen zijn nog niet op echte leerlingen gekalibreerd; gebruik deze score niet voor besluiten.":
        "* Scale score (mean 500, SD 100) with 95% margin and level. PROVISIONAL: the questions have not been calibrated on real pupils yet; do not base decisions on this score.",
    "* Schaalscore (gemiddeld 500, sd 100) met 95%-marge en niveau; de eigen schaal van dlkiosk, nog niet gekoppeld aan ICILS.":
        "* Scale score (mean 500, SD 100) with 95% margin and level; dlkiosk's own scale, not yet linked to ICILS.",
    "Ruwe scores per domein: behaalde punten van het maximum van de vragen die de leerling kreeg. Klik op een naam voor aanpassingen (tekstgrootte, contrast, extra tijd).":
        "Raw scores per domain: points earned out of the maximum of the questions the pupil was given. Click a name for accommodations (text size, contrast, extra time).",
    "Deze vraag kan op deze computer niet worden getoond. Ga door naar de volgende vraag.":
        "This question cannot be shown on this computer. Go on to the next question.",
    "%d woorden": "%d words",
    "1 woord": "1 word",
    "Activiteit van %s": "Activity of %s",
    "Activiteit": "Activity",
    "Al je antwoorden zijn opgeslagen.": "All your answers are saved.",
    "Antwoorden gewijzigd: %d keer": "Answers changed: %d times",
    "De leerkracht heeft je toets even stilgezet. Je antwoorden zijn bewaard en de tijd loopt niet door.": "Your teacher has paused your test for a moment. Your answers are saved and the time has stopped.",
    "De pauze is nog niet opgeslagen: ": "The pause has not been saved yet: ",
    "Deze leerling heeft pauze: de tijd staat stil.": "This pupil is paused: the time has stopped.",
    "Deze leerling is bezig: de tijd loopt.": "This pupil is working: the time is running.",
    "Dyslexielettertype (OpenDyslexic)": "Dyslexia font (OpenDyslexic)",
    "Gemarkeerd": "Flagged",
    "Het einde van de pauze is nog niet opgeslagen: ": "The end of the pause has not been saved yet: ",
    "Hierna komt: %s": "Next: %s",
    "Hoger": "Higher",
    "Je hebt %d van de %d paren gemaakt.": "You have made %d of the %d pairs.",
    "Je kunt dit hoogstens %d keer plaatsen.": "You can place this at most %d times.",
    "Je kunt hoogstens %d punten zetten.": "You can set at most %d points.",
    "Je kunt hoogstens %d verbindingen maken.": "You can make at most %d connections.",
    "Jouw paren": "Your pairs",
    "Kies een vraag om ernaartoe te gaan.": "Choose a question to go to it.",
    "Kies nu wat bij ‘%s’ hoort.": "Now choose what goes with ‘%s’.",
    "Klik de plekken aan in de goede volgorde. Klik nog eens op een plek om het nummer weg te halen.": "Click the places in the right order. Click a place again to remove its number.",
    "Klik eerst op wat je wilt plaatsen en daarna op de plek. Je kunt het ook slepen.": "First click what you want to place, then click the place. You can also drag it.",
    "Klik nu op de plek waar het heen moet.": "Now click the place where it goes.",
    "Klik nu op de plek waar ‘%s’ moet staan.": "Now click the space where ‘%s’ belongs.",
    "Klik nu op de plek waarmee je deze wilt verbinden.": "Now click the place you want to connect it to.",
    "Klik op de lijn of gebruik de pijltjestoetsen.": "Click on the line or use the arrow keys.",
    "Klik op de plek in de afbeelding. Klik op een punt om het weer weg te halen.": "Click the place in the picture. Click a point to remove it again.",
    "Klik op twee dingen die bij elkaar horen, of sleep het ene naar het andere.": "Click two things that belong together, or drag one onto the other.",
    "Klik op twee plekken om ze met een lijn te verbinden.": "Click two places to connect them with a line.",
    "Laat de leerling verder werken": "Let the pupil go on",
    "Lager": "Lower",
    "Markeer": "Flag",
    "Met het toetsenbord: wijs met de pijltjes en druk op Enter. Druk op Esc als je klaar bent.": "With the keyboard: point with the arrow keys and press Enter. Press Esc when you are done.",
    "Naar het leerkrachtscherm": "To the teacher screen",
    "Nog geen activiteit.": "No activity yet.",
    "Nog niet gekozen": "Not chosen yet",
    "Nu gemarkeerd: %d": "Flagged now: %d",
    "Overzicht": "Overview",
    "Pauze": "Paused",
    "Pauzeer deze leerling": "Pause this pupil",
    "Pauzes door de leerkracht: %d": "Pauses by the teacher: %d",
    "Pauzes": "Pauses",
    "Plek %d": "Space %d",
    "Schrijf ongeveer %d tekens; je hebt er nu %d.": "Write about %d characters; you have %d now.",
    "Scores": "Scores",
    "Sleep een stukje naar een plek, of klik erop en daarna op de plek. Klik op een gevulde plek om het weer weg te halen.": "Drag a piece to a place, or click it and then the place. Click a filled place to take it away again.",
    "Sleep een woord naar een open plek, of klik op een woord en dan op de plek.": "Drag a word to an empty space, or click a word and then the space.",
    "Sleep het naar de goede plek, of klik op de plek in de afbeelding. Klik op iets dat al staat om het weg te halen.": "Drag it to the right place, or click the place in the picture. Click something already placed to take it away.",
    "Stil (60 s of langer): %s, %d keer": "Inactive (60 s or longer): %s, %d times",
    "Stil": "Inactive",
    "Stoppen voor nu": "Stop for now",
    "Tijd in de toets: %s": "Time in the test: %s",
    "Tijd": "Time",
    "Uit de procesgegevens: wat de leerling deed en wanneer. De tijd per vraag loopt van het tonen van de vraag tot de volgende actie; een pauze telt niet mee. Geen oordeel: bekijk het samen met de antwoorden.": "From the process data: what the pupil did and when. The time per question runs from showing the question to the next action; a pause does not count. No judgement: look at it together with the answers.",
    "Verder →": "Continue →",
    "Voorlezen (tekst, keuzes en knoppen)": "Read aloud (text, choices and buttons)",
    "Voorlezen gebruikt: %d keer": "Read-aloud used: %d times",
    "Vraag": "Question",
    "Wacht rustig. Straks ga je verder waar je was.": "Wait calmly. Soon you will go on where you were.",
    "Wat elke leerling deed: tijd in de toets, hoe vaak een antwoord veranderde, tijd zonder activiteit (60 s of langer) en gemarkeerde vragen. Klik op een naam voor de tijd per vraag.": "What each pupil did: time in the test, how often an answer changed, time without activity (60 s or longer) and flagged questions. Click a name for the time per question.",
    "Weghalen": "Remove",
    "Weghalen: %s – %s": "Remove: %s – %s",
    "Wijzigingen": "Changes",
    "beantwoord": "answered",
    "gemarkeerd": "flagged",
    "ja": "yes",
    "leeg": "empty",
    "niet beantwoord": "not answered",
    "■ Stop met voorlezen": "■ Stop reading",
    "▶ Lees voor": "▶ Read aloud",
    # Printed login cards (app/core/print/login_cards.cpp).
    "nummer": "number",
    "Typ deze code op het startscherm.": "Type this code on the start screen.",
    "Inlogkaarten": "Login cards",
    "inlogkaarten": "login-cards",
    "Inlogkaarten (PDF)": "Login cards (PDF)",
    "Opgeslagen:": "Saved:",
    "De inlogkaarten zijn niet opgeslagen.": "The login cards were not saved.",
    "Een kaart per leerling met de code om in te loggen, om uit te knippen. Namen staan er niet op.": "A card per pupil with the code to log in with, to cut out. Names are not on them.",
}

HEADER = '''# English translation of dlkiosk's user interface. Dutch is the source language.
# Generated by packaging/tools/make_en_po.py from dlkiosk.pot.
msgid ""
msgstr ""
"Project-Id-Version: dlkiosk\\n"
"PO-Revision-Date: 2026-11-28 00:00+0000\\n"
"Last-Translator: dlkiosk developers\\n"
"Language-Team: English\\n"
"Language: en\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
'''


def main():
    root = os.path.join(os.path.dirname(__file__), "..", "..", "assets", "i18n")
    ids = entries(os.path.join(root, "dlkiosk.pot"))
    missing = [i for i in ids if i not in EN]
    if missing:
        sys.exit("no English text for:\n" + "\n".join(missing))
    c_format = {i for i in ids if "%" in i}
    with open(os.path.join(root, "en.po"), "w", encoding="utf-8") as out:
        out.write(HEADER)
        for i in ids:
            out.write("\n")
            if i in c_format:
                out.write("#, c-format\n")
            out.write(f"msgid {json.dumps(i, ensure_ascii=False)}\nmsgstr {json.dumps(EN[i], ensure_ascii=False)}\n")


if __name__ == "__main__":
    main()

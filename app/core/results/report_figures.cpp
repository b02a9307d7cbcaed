#include "results/report_figures.h"

#include <cmath>
#include <iterator>

#include "results/privacy_rules.h"
#include "support/translator.h"

namespace dlk {

const char* attemptStatusText(AttemptStatus status) {
    switch (status) {
        case AttemptStatus::NotStarted:
            return tr("niet begonnen");
        case AttemptStatus::InProgress:
            return tr("bezig");
        case AttemptStatus::Finished:
            return tr("klaar");
    }
    return "";
}

std::string levelSentenceForTeacher(const ProficiencyLevel& level) {
    static const char* const kSentences[] = {
        N_("Kan de computer nog niet zelfstandig als hulpmiddel gebruiken."),
        N_("Kan eenvoudige opdrachten op de computer uitvoeren, zoals iets opslaan of een tekst toevoegen."),
        N_("Vindt informatie die letterlijk in een bron staat en kan een bestaand werkstuk eenvoudig aanpassen."),
        N_("Zoekt zelfstandig informatie in meerdere bronnen en beoordeelt of die betrouwbaar is."),
        N_("Kiest kritisch de beste informatie voor een doel en publiek en maakt daar een goed werkstuk mee."),
    };
    if (level.level >= 0 && static_cast<size_t>(level.level) < std::size(kSentences))
        return tr(kSentences[level.level]);
    return Translator::instance().language() == "en" ? level.descriptorEn : level.descriptorNl;
}

std::string levelSentenceForPupil(const ProficiencyLevel& level) {
    static const char* const kSentences[] = {
        N_("Je leert nog hoe je de computer zelf als hulpmiddel gebruikt."),
        N_("Je kunt eenvoudige dingen op de computer doen, zoals iets opslaan of een tekst toevoegen."),
        N_("Je vindt informatie die letterlijk in een bron staat en je kunt een werkstuk een beetje aanpassen."),
        N_("Je zoekt zelf informatie in meerdere bronnen en je kijkt of die te vertrouwen is."),
        N_("Je kiest de beste informatie voor je doel en maakt daar een goed werkstuk mee."),
    };
    if (level.level >= 0 && static_cast<size_t>(level.level) < std::size(kSentences))
        return tr(kSentences[level.level]);
    return Translator::instance().language() == "en" ? level.descriptorEn : level.descriptorNl;
}

DomainBand domainBand(int percent) {
    if (percent >= kStrongFromPercent) return DomainBand::Strong;
    if (percent >= kOnTheWayFromPercent) return DomainBand::OnTheWay;
    return DomainBand::Practise;
}

DomainAdvice domainAdvice(Domain domain, DomainBand band) {
    // [domain][band]: Practise, OnTheWay, Strong.
    static const DomainAdvice kAdvice[4][3] = {
        {
            {N_("Je hebt de opdrachten over de computer gemaakt. Dat is een goed begin."),
             N_("Vraag iemand je te laten zien hoe je een bestand opslaat en weer terugvindt.")},
            {N_("Je kunt al veel gewone dingen op de computer, zoals iets opslaan en terugvinden."),
             N_("Oefen met mappen maken en geef je bestanden een duidelijke naam.")},
            {N_("Je weet goed hoe je met bestanden, mappen en programma's werkt."),
             N_("Probeer eens een programma dat je nog niet kent, of help een klasgenoot.")},
        },
        {
            {N_("Je hebt geprobeerd informatie op te zoeken. Dat is een goed begin."),
             N_("Bedenk eerst wat je precies wilt weten. Kies dan een paar goede zoekwoorden.")},
            {N_("Je kunt informatie vinden die letterlijk in een tekst of op een website staat."),
             N_("Kijk bij een website wie hem maakte en wanneer. Zo weet je of je hem kunt vertrouwen.")},
            {N_("Je zoekt slim en je kijkt goed of een bron te vertrouwen is."),
             N_("Vergelijk eens twee bronnen die iets anders zeggen. Wie heeft gelijk, en waarom?")},
        },
        {
            {N_("Je hebt nagedacht over wat je online ziet en deelt. Dat is een goed begin."),
             N_("Kijk samen met iemand naar je privacy-instellingen. Wat deel je wel, en wat niet?")},
            {N_("Je weet al veel over veilig en netjes online zijn."),
             N_("Vraag je bij elk bericht af: wie heeft dit gemaakt, en waarom?")},
            {N_("Je herkent reclame en nepnieuws, en je gaat veilig om met je gegevens."),
             N_("Leg eens aan iemand uit hoe je nepnieuws herkent.")},
        },
        {
            {N_("Je hebt de computer opdrachten gegeven. Dat is een goed begin."),
             N_("Schrijf eerst in gewone woorden op welke stappen nodig zijn. Maak er dan blokjes van.")},
            {N_("Je kunt stappen in de goede volgorde zetten en een herhaling gebruiken."),
             N_("Test je programma stap voor stap. Zo vind je sneller waar het misgaat.")},
            {N_("Je kunt een probleem in stappen opdelen en een programma maken dat werkt."),
             N_("Maak je programma korter met herhalingen en keuzes (als ... dan).")},
        },
    };
    return kAdvice[static_cast<size_t>(domain)][static_cast<size_t>(band)];
}

}  // namespace dlk

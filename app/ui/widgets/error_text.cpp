#include "ui/widgets/error_text.h"

#include "support/logger.h"
#include "support/translator.h"

namespace dlk::ui {

const char* plainWords(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::Io:
            return tr("Een bestand kon niet worden gelezen of geschreven.");
        case ErrorKind::Parse:
        case ErrorKind::Invalid:
            return tr("De gegevens kloppen niet.");
        case ErrorKind::Storage:
            return tr("De database gaf een fout.");
        case ErrorKind::StorageFull:
            return tr("De schijf is vol. Maak ruimte vrij en probeer het opnieuw.");
        case ErrorKind::ReadOnly:
            return tr("Er kan niet worden opgeslagen: de schijf is alleen-lezen.");
        case ErrorKind::Corrupt:
            return tr("De database is beschadigd. Zet een reservekopie terug.");
        case ErrorKind::Auth:
            return tr("De pincode werd niet geaccepteerd.");
        case ErrorKind::NotFound:
            return tr("Dat bestaat niet (meer).");
    }
    return "";
}

std::string teacherError(const char* what, const Error& e, const std::string& logContext) {
    logError(logContext + ": " + e.what());
    return std::string(what) + " " + plainWords(e.kind()) + "\n" + tr("Details:") + " " + e.what();
}

}  // namespace dlk::ui

#include "bank/domain.h"

#include "support/translator.h"

namespace dlk {

std::string_view domainId(Domain d) {
    switch (d) {
        case Domain::IctBasic:
            return "ict";
        case Domain::Information:
            return "info";
        case Domain::Media:
            return "media";
        case Domain::Computational:
            return "ct";
    }
    return "";
}

std::optional<Domain> domainFromId(std::string_view id) {
    for (Domain d : kAllDomains)
        if (domainId(d) == id) return d;
    return std::nullopt;
}

const char* domainNameNl(Domain d) {
    switch (d) {
        case Domain::IctBasic:
            return N_("ICT-basisvaardigheden");
        case Domain::Information:
            return N_("Informatievaardigheden");
        case Domain::Media:
            return N_("Mediawijsheid");
        case Domain::Computational:
            return N_("Computational thinking");
    }
    return "";
}

const char* domainShortNameNl(Domain d) {
    switch (d) {
        case Domain::IctBasic:
            return N_("ICT");
        case Domain::Information:
            return N_("Informatie");
        case Domain::Media:
            return N_("Media");
        case Domain::Computational:
            return N_("CT");
    }
    return "";
}

const char* kerndoelNameNl(int kerndoel) {
    static const char* const kNames[] = {"",
                                         N_("Digitale systemen"),
                                         N_("Digitale media en informatie"),
                                         N_("Veiligheid en privacy"),
                                         N_("Data"),
                                         N_("Artificiële intelligentie"),
                                         N_("Creëren met digitale technologie"),
                                         N_("Programmeren"),
                                         N_("Digitale technologie, jij en de ander"),
                                         N_("Digitale technologie, maatschappij en de wereld")};
    return kerndoel >= 1 && kerndoel <= kKerndoelCount ? kNames[kerndoel] : "";
}

const char* kerndoelNameEn(int kerndoel) {
    static const char* const kNames[] = {"",
                                         "digital systems",
                                         "digital media and information",
                                         "safety and privacy",
                                         "data",
                                         "AI",
                                         "creating with digital technology",
                                         "programming",
                                         "digital technology, yourself and others",
                                         "digital technology, society and the world"};
    return kerndoel >= 1 && kerndoel <= kKerndoelCount ? kNames[kerndoel] : "";
}

}  // namespace dlk

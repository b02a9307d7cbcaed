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

}  // namespace dlk

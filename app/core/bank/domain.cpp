#include "bank/domain.h"

namespace dlk {

std::string_view domainId(Domain d) {
    switch (d) {
        case Domain::IctBasic: return "ict";
        case Domain::Information: return "info";
        case Domain::Media: return "media";
        case Domain::Computational: return "ct";
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
        case Domain::IctBasic: return "ICT-basisvaardigheden";
        case Domain::Information: return "Informatievaardigheden";
        case Domain::Media: return "Mediawijsheid";
        case Domain::Computational: return "Computational thinking";
    }
    return "";
}

const char* domainShortNameNl(Domain d) {
    switch (d) {
        case Domain::IctBasic: return "ICT";
        case Domain::Information: return "Informatie";
        case Domain::Media: return "Media";
        case Domain::Computational: return "CT";
    }
    return "";
}

}  // namespace dlk

#include "export/atomic_file.h"

namespace dlk {

namespace fs = std::filesystem;

void prepareOutputFolder(const std::string& folder) {
    std::error_code ec;
    const bool existed = fs::exists(folder, ec);
    if (existed) {
        for (const auto& entry : fs::directory_iterator(folder, ec)) {
            const auto type = entry.symlink_status(ec).type();
            if (type != fs::file_type::regular)
                throw Error(ErrorKind::Invalid,
                            "cannot export into " + folder + ": it holds " + entry.path().filename().string() +
                                ", which is not a plain file (export into an empty folder or an earlier export)");
        }
        if (ec) throw Error(ErrorKind::Io, "cannot read export folder " + folder + ": " + ec.message());
    }
    fs::create_directories(folder, ec);
    if (ec) throw Error(ErrorKind::Io, "cannot create export folder " + folder + ": " + ec.message());
    if (!existed) tightenPrivate(folder);  // a folder the export made is 0700; one given stays as it was
}

}  // namespace dlk

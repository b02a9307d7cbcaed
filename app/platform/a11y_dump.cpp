#include "platform/a11y_dump.h"

#include <cstdio>
#include <filesystem>
#include <memory>

#include "support/logger.h"
#include "ui/widgets/a11y.h"

namespace dlk::platform {

std::function<void(int)> a11yDumper(const std::string& path) {
    auto last = std::make_shared<std::string>();
    return [path, last](int) {
        std::string text;
        char buf[128];
        for (const auto& n : ui::a11yFrame()) {
            std::string label = n.label;
            for (char& c : label)
                if (c == '\t' || c == '\n') c = ' ';
            std::snprintf(buf, sizeof buf, "\t%.0f\t%.0f\t%.0f\t%.0f\t%d\t%d\n", n.min.x, n.min.y, n.max.x, n.max.y,
                          n.selected ? 1 : 0, n.focused ? 1 : 0);
            text += n.role + "\t" + label + buf;
        }
        if (text == *last) return;
        *last = text;
        const std::string tmp = path + ".tmp";
        std::FILE* f = std::fopen(tmp.c_str(), "wb");
        if (!f) {
            logWarning("cannot write the accessibility dump " + tmp);
            return;
        }
        std::fwrite(text.data(), 1, text.size(), f);
        std::fclose(f);
        std::error_code ec;
        std::filesystem::rename(tmp, path, ec);
    };
}

}  // namespace dlk::platform

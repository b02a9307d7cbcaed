#include "ui/widgets/frame_request.h"

#include <algorithm>

namespace dlk::ui {

namespace {
double g_within = -1;
}  // namespace

void beginFrameRequests() {
    g_within = -1;
}

void requestFrameWithin(double seconds) {
    seconds = std::max(0.0, seconds);
    g_within = g_within < 0 ? seconds : std::min(g_within, seconds);
}

double requestedFrameWithin() {
    return g_within;
}

}  // namespace dlk::ui

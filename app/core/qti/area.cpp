#include "qti/area.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "util/text.h"

namespace dlk {

namespace {

bool fail(std::string* why, std::string message) {
    if (why) *why = std::move(message);
    return false;
}

// Coords "10,20,30", "10, 20, 30" and "10 20 30" alike.
bool readNumbers(std::string_view coords, std::vector<double>& out, std::string* why) {
    std::string spaced(coords);
    std::replace(spaced.begin(), spaced.end(), ',', ' ');
    for (const std::string& part : splitWhitespace(spaced)) {
        if (part.ends_with('%'))
            return fail(why,
                        "coords '" + std::string(coords) + "' hold a percentage; dlkiosk reads picture units only");
        double v = 0;
        if (!parseDouble(part, v) || !std::isfinite(v))
            return fail(why, "coords '" + std::string(coords) + "': '" + part + "' is not a number");
        out.push_back(v);
    }
    return true;
}

}  // namespace

const char* areaShapeName(AreaShape shape) {
    switch (shape) {
        case AreaShape::Circle:
            return "circle";
        case AreaShape::Rect:
            return "rect";
        case AreaShape::Poly:
            return "poly";
        case AreaShape::Ellipse:
            return "ellipse";
        case AreaShape::Default:
            return "default";
    }
    return "default";
}

std::optional<Area> parseArea(std::string_view shape, std::string_view coords, std::string* why) {
    Area a;
    const std::string kind = toLowerAscii(trim(shape));
    if (kind == "circle")
        a.shape = AreaShape::Circle;
    else if (kind == "rect")
        a.shape = AreaShape::Rect;
    else if (kind == "poly")
        a.shape = AreaShape::Poly;
    else if (kind == "ellipse")
        a.shape = AreaShape::Ellipse;
    else if (kind == "default")
        a.shape = AreaShape::Default;
    else {
        fail(why, "unknown shape '" + std::string(shape) + "' (circle, rect, poly, ellipse or default)");
        return std::nullopt;
    }
    if (!readNumbers(coords, a.coords, why)) return std::nullopt;
    std::vector<double>& c = a.coords;
    switch (a.shape) {
        case AreaShape::Default:
            c.clear();  // the whole picture: any coords given are meaningless
            return a;
        case AreaShape::Circle:
            if (c.size() != 3) break;
            if (!(c[2] > 0)) {
                fail(why, "a circle needs a radius above 0, not " + formatDouble(c[2]));
                return std::nullopt;
            }
            return a;
        case AreaShape::Ellipse:
            if (c.size() != 4) break;
            if (!(c[2] > 0) || !(c[3] > 0)) {
                fail(why, "an ellipse needs radii above 0");
                return std::nullopt;
            }
            return a;
        case AreaShape::Rect:
            if (c.size() != 4) break;
            if (c[0] > c[2]) std::swap(c[0], c[2]);
            if (c[1] > c[3]) std::swap(c[1], c[3]);
            return a;
        case AreaShape::Poly:
            if (c.size() % 2 != 0) break;
            if (c.size() >= 6 && c[0] == c[c.size() - 2] && c[1] == c[c.size() - 1]) c.resize(c.size() - 2);
            if (c.size() < 6) {
                fail(why, "a poly needs at least 3 points");
                return std::nullopt;
            }
            return a;
    }
    const char* need = a.shape == AreaShape::Circle ? "3 numbers (cx, cy, r)"
                       : a.shape == AreaShape::Poly ? "pairs of numbers (x, y), at least 3 points"
                                                    : "4 numbers";
    fail(why, std::string(a.shape == AreaShape::Ellipse ? "an " : "a ") + areaShapeName(a.shape) + " needs " + need +
                  ", not " + std::to_string(c.size()));
    return std::nullopt;
}

bool areaContains(const Area& a, double x, double y) {
    const auto& c = a.coords;
    switch (a.shape) {
        case AreaShape::Default:
            return true;
        case AreaShape::Circle: {
            const double dx = x - c[0], dy = y - c[1];
            return dx * dx + dy * dy <= c[2] * c[2];
        }
        case AreaShape::Rect:
            return x >= c[0] && x <= c[2] && y >= c[1] && y <= c[3];
        case AreaShape::Ellipse: {
            const double dx = (x - c[0]) / c[2], dy = (y - c[1]) / c[3];
            return dx * dx + dy * dy <= 1.0;
        }
        case AreaShape::Poly: {
            const size_t n = c.size() / 2;
            // On an edge counts as inside (the even-odd rule alone decides edges by their slope).
            for (size_t i = 0, j = n - 1; i < n; j = i++) {
                const double x1 = c[2 * i], y1 = c[2 * i + 1], x2 = c[2 * j], y2 = c[2 * j + 1];
                const double cross = (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1);
                const double scale = std::max({1.0, std::abs(x2 - x1), std::abs(y2 - y1)});
                if (std::abs(cross) <= 1e-9 * scale * scale && x >= std::min(x1, x2) && x <= std::max(x1, x2) &&
                    y >= std::min(y1, y2) && y <= std::max(y1, y2))
                    return true;
            }
            bool inside = false;
            for (size_t i = 0, j = n - 1; i < n; j = i++) {
                const double xi = c[2 * i], yi = c[2 * i + 1], xj = c[2 * j], yj = c[2 * j + 1];
                if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
            }
            return inside;
        }
    }
    return false;
}

std::optional<AreaBounds> areaBounds(const Area& a) {
    const auto& c = a.coords;
    switch (a.shape) {
        case AreaShape::Default:
            return std::nullopt;
        case AreaShape::Circle:
            return AreaBounds{c[0] - c[2], c[1] - c[2], c[0] + c[2], c[1] + c[2]};
        case AreaShape::Ellipse:
            return AreaBounds{c[0] - c[2], c[1] - c[3], c[0] + c[2], c[1] + c[3]};
        case AreaShape::Rect:
            return AreaBounds{c[0], c[1], c[2], c[3]};
        case AreaShape::Poly: {
            AreaBounds b{c[0], c[1], c[0], c[1]};
            for (size_t i = 0; i + 1 < c.size(); i += 2) {
                b.left = std::min(b.left, c[i]);
                b.right = std::max(b.right, c[i]);
                b.top = std::min(b.top, c[i + 1]);
                b.bottom = std::max(b.bottom, c[i + 1]);
            }
            return b;
        }
    }
    return std::nullopt;
}

std::optional<std::pair<double, double>> areaCenter(const Area& a) {
    if (a.shape == AreaShape::Circle || a.shape == AreaShape::Ellipse) return std::make_pair(a.coords[0], a.coords[1]);
    const auto b = areaBounds(a);
    if (!b) return std::nullopt;
    return std::make_pair((b->left + b->right) / 2, (b->top + b->bottom) / 2);
}

double areaSize(const Area& a) {
    const auto b = areaBounds(a);
    if (!b) return std::numeric_limits<double>::infinity();
    const double box = (b->right - b->left) * (b->bottom - b->top);
    if (a.shape == AreaShape::Circle || a.shape == AreaShape::Ellipse) return box * M_PI / 4;
    return box;
}

}  // namespace dlk

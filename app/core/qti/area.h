#pragma once
// QTI areas (the shape and coords of an areaMapEntry, a hotspot, an `inside` expression): one
// reader and one hit test for the loader, the rule engine, the demo and the graphic widgets, so a
// point is inside or outside an area the same way wherever it is asked.
//
// Coordinates are those of the picture the area lies on (its declared width and height), as in
// HTML image maps: rect "left,top,right,bottom", circle "cx,cy,r", ellipse "cx,cy,rx,ry", poly
// "x1,y1,x2,y2,...". A point on the edge of an area is inside it.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dlk {

enum class AreaShape { Circle, Rect, Poly, Ellipse, Default };

struct Area {
    AreaShape shape = AreaShape::Default;
    // Normalised: a rect's corners are ordered (left <= right, top <= bottom) and a poly's
    // repeated closing point (HTML image maps write one) is dropped.
    std::vector<double> coords;
    bool operator==(const Area&) const = default;
};

struct AreaBounds {
    double left = 0, top = 0, right = 0, bottom = 0;
};

// Reads a shape name and its coords as items write them: the name in any case with spaces around
// it ("circle", " Rect "), the numbers separated by commas and/or spaces. nullopt, with the reason
// in *why when given, for an unknown shape, a number that is not one, the wrong count of numbers
// (circle 3, rect and ellipse 4, poly at least 3 points), a radius of 0 or less, or a percentage.
std::optional<Area> parseArea(std::string_view shape, std::string_view coords, std::string* why = nullptr);

// "circle", "rect", "poly", "ellipse", "default".
const char* areaShapeName(AreaShape shape);

// Is (x, y) inside the area, edge included? The default area holds every point.
bool areaContains(const Area& area, double x, double y);

// The smallest rectangle around the area; nullopt for the default area, which has no edges of
// its own (it is the whole picture).
std::optional<AreaBounds> areaBounds(const Area& area);

// Where a badge or a connecting line belongs: the centre of a circle or ellipse, else of the bounds.
// nullopt for the default area.
std::optional<std::pair<double, double>> areaCenter(const Area& area);

// The area's size in square picture units (an ellipse's and circle's own, a poly's bounding box),
// for "the smallest area under the pointer wins"; the default area is larger than any other.
double areaSize(const Area& area);

}  // namespace dlk

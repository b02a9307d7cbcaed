#pragma once
// The teacher screen's side panel: the school's classes to choose from, and a new class with a
// code per pupil, the pupils named (typed or pasted, one a line) or only counted.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "school/school_store.h"
#include "ui/screens/teacher/names_field.h"

namespace dlk::ui {
class App;

class ClassList {
public:
    // Draws the panel `width` wide; returns the class the teacher chose or just created, or
    // `selected` when neither. A failure to create is put in `message`.
    int64_t draw(App& app, const std::vector<ClassInfo>& classes, int64_t selected, float width, std::string& message);

    // A class's name as typed (UTF-8, any script or emoji), at most this long (here and on rename).
    static constexpr size_t kMaxClassNameBytes = 63;

private:
    std::string m_newClass;
    NamesField m_pupils;
};

}  // namespace dlk::ui

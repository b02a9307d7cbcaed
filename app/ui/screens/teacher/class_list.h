#pragma once
// The teacher screen's side panel: the school's classes to choose from, and a new class with a
// code per pupil.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "school/school_store.h"

namespace dlk::ui {
class App;

class ClassList {
public:
    // Draws the panel `width` wide; returns the class the teacher chose or just created, or
    // `selected` when neither. A failure to create is put in `message`.
    int64_t draw(App& app, const std::vector<ClassInfo>& classes, int64_t selected, float width, std::string& message);

private:
    // The new class's name as typed (UTF-8, any script or emoji), at most kMaxClassNameBytes.
    static constexpr size_t kMaxClassNameBytes = 63;
    std::string m_newClass;
    // Codes made at once for a new class: a class, or two taught together, fits; a larger number is
    // a typing slip (and would print pages of codes).
    static constexpr int kMaxNewPupils = 60;
    // The number of pupils as typed: read whole and strictly (ImGui's own number field reads "2.5"
    // as 2, "6-0" as 6 and 4294967321 as 25, changing the number behind the teacher's back).
    std::string m_newPupils = "25";
};

}  // namespace dlk::ui

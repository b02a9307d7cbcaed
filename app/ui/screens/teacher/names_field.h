#pragma once
// The pupils to make, as the teacher gives them: their names typed or pasted one a line (a
// spreadsheet's column works), or only a number for nameless codes. Used by the new-class form
// and by "Leerlingen toevoegen" on an existing class. What is wrong is said as it is typed and
// the pupils are refused, never cut to fit (school/pupil_names.h).
#include <string>
#include <vector>

namespace dlk::ui {

class NamesField {
public:
    struct Pupils {
        bool ok = false;                 // the fields say a number of pupils that can be made
        std::vector<std::string> names;  // one per pupil to make ("" for a nameless code)
        std::string problem;             // with !ok: what to put right, in the teacher's words
    };
    // Draws both fields and, under them, what will be made ("Er komen 25 leerlingen bij.") or what
    // is wrong. `id` keeps two forms on one screen apart.
    Pupils draw(const char* id, float width);
    void clear();

private:
    std::string m_names;         // as typed or pasted, UTF-8
    std::string m_count = "25";  // read whole and strictly: "2.5" is no number of pupils
};

}  // namespace dlk::ui

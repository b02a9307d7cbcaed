# CMake glue for the Debian system libraries dlkiosk uses. Nothing here is third-party source:
# every library comes from a Debian 12 package (see the Makefile's DEBIAN_PACKAGES).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(tinyxml2 REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(glfw3 REQUIRED)
find_package(OpenGL REQUIRED)
find_package(doctest REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
pkg_check_modules(STB REQUIRED IMPORTED_TARGET stb)
# Answer patterns (QTI patternMatch) run on RE2, whose automata match in time linear in the text;
# std::regex backtracks exponentially on patterns such as (a+)+b.
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
# The export's spreadsheet (export/workbook.h): .xlsx is a zip of XML parts that Excel checks
# strictly; libxlsxwriter writes them in constant memory, far beyond what code of ours should.
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)
# Read-aloud: espeak-ng speaks Dutch and English offline; we only hand it text (platform layer).
pkg_check_modules(ESPEAK REQUIRED IMPORTED_TARGET espeak-ng)
# Printed paper (login cards): Cairo writes PDF with embedded, subsetted TrueType fonts (DejaVu via
# FreeType/fontconfig), so the text is real text that pdftotext and a screen reader read. It needs
# libX11 (Debian builds its Xlib backend in), so only dlk_print links it, not the headless dlkiosk.
pkg_check_modules(CAIRO REQUIRED IMPORTED_TARGET cairo cairo-pdf)

# libimgui-dev ships ImGui 1.86 as a static library that already holds the GLFW and OpenGL 3 backends.
# It needs stb (-lstb) for its font rasteriser and rect packer.
find_library(IMGUI_LIBRARY NAMES libimgui.a imgui REQUIRED)
find_path(IMGUI_INCLUDE_DIR imgui.h PATH_SUFFIXES imgui REQUIRED)
add_library(dlk_imgui INTERFACE)
target_include_directories(dlk_imgui SYSTEM INTERFACE ${IMGUI_INCLUDE_DIR})
target_link_libraries(dlk_imgui INTERFACE ${IMGUI_LIBRARY} PkgConfig::STB ${CMAKE_DL_LIBS} m)

# The GLFW and OpenGL 3 backends inside libimgui.a, for the platform layer only.
add_library(dlk_imgui_backends INTERFACE)
target_link_libraries(dlk_imgui_backends INTERFACE dlk_imgui glfw OpenGL::GL)

set(DLK_FONT_DIR "/usr/share/fonts/truetype/dejavu" CACHE PATH "Folder with DejaVuSans.ttf")
set(DLK_DYSLEXIA_FONT_DIR "/usr/share/fonts/opentype/opendyslexic" CACHE PATH "Folder with OpenDyslexic-Regular.otf")

# XML Schema's \p{IsBlock} and \p{Category} escapes name Unicode blocks and general categories.
# Their ranges are generated at configure time from what Debian ships (Unicode's Blocks.txt in
# perl-modules, which build-essential pulls in, and Python's unicodedata): no copy of Unicode's
# data in the repository.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
file(GLOB DLK_UNICODE_BLOCKS_TXT "/usr/share/perl/*/unicore/Blocks.txt")
if(NOT DLK_UNICODE_BLOCKS_TXT)
  message(FATAL_ERROR "Unicode's Blocks.txt not found under /usr/share/perl/*/unicore (Debian package perl-modules)")
endif()
list(GET DLK_UNICODE_BLOCKS_TXT 0 DLK_UNICODE_BLOCKS_TXT)
set(DLK_UNICODE_GENERATOR "${CMAKE_SOURCE_DIR}/app/core/util/gen_unicode_tables.py")
file(MAKE_DIRECTORY "${CMAKE_BINARY_DIR}/generated")
execute_process(
  COMMAND ${Python3_EXECUTABLE} ${DLK_UNICODE_GENERATOR} ${DLK_UNICODE_BLOCKS_TXT}
          "${CMAKE_BINARY_DIR}/generated/unicode_tables.inc"
  RESULT_VARIABLE _dlk_unicode_result)
if(NOT _dlk_unicode_result EQUAL 0)
  message(FATAL_ERROR "generating the Unicode tables failed (${DLK_UNICODE_GENERATOR})")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${DLK_UNICODE_BLOCKS_TXT}" "${DLK_UNICODE_GENERATOR}")

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
# Read-aloud: espeak-ng speaks Dutch and English offline; we only hand it text (platform layer).
pkg_check_modules(ESPEAK REQUIRED IMPORTED_TARGET espeak-ng)

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

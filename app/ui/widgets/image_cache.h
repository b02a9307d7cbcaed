#pragma once
// Pictures in items: PNG and JPEG files of the item bank (or inline data: URIs), decoded once per
// file and handed as RGBA pixels to an uploader that the platform layer provides (dlk_ui has no
// GL). A picture that is broken, too big, not PNG/JPEG, or named outside the item bank is refused
// with a message naming it, once; the view then shows the alt text. Nothing here ever throws.
#include <imgui.h>

#include <cstddef>
#include <functional>
#include <map>
#include <string>

namespace dlk {
class Package;
}

namespace dlk::ui {

constexpr size_t kMaxImageBytes = 8u << 20;  // per picture file
constexpr int kMaxImageSide = 4096;          // pixels, either side

struct LoadedImage {
    ImTextureID texture = nullptr;
    int width = 0, height = 0;  // the picture's own pixels
    std::string error;          // why it is not shown, naming the file; empty when it is
    bool ok() const { return texture != nullptr; }
};

class ImageCache {
public:
    // Turns width*height RGBA pixels (rows top-down) into a texture; null when it cannot.
    using Uploader = std::function<ImTextureID(const unsigned char* rgba, int width, int height)>;
    using Releaser = std::function<void(ImTextureID)>;

    explicit ImageCache(Uploader upload, Releaser release = {});
    ~ImageCache();
    ImageCache(const ImageCache&) = delete;
    ImageCache& operator=(const ImageCache&) = delete;

    // Where pictures come from: the item bank's package (folder or zip), which must outlive the
    // cache or be replaced first. Another package forgets (and releases) everything loaded.
    void setPackage(const Package* package);
    const Package* package() const { return m_package; }

    // The picture `src` (an <img src> or <object data>) of the item in the file `itemPath`:
    // package-relative as the bank names it, or an absolute path inside a folder package.
    // Decoded and uploaded on the first call; later calls return the same entry.
    const LoadedImage& get(const std::string& itemPath, const std::string& src);

    // How many pictures were decoded and uploaded (successfully) so far.
    size_t uploads() const { return m_uploads; }
    // Releases every texture and forgets every picture.
    void clear();

private:
    LoadedImage load(const std::string& itemPath, const std::string& src, std::string& cacheKey);

    Uploader m_upload;
    Releaser m_release;
    const Package* m_package = nullptr;
    std::map<std::string, std::string> m_keyOf;   // itemPath '\n' src -> cache key
    std::map<std::string, LoadedImage> m_images;  // cache key (package path or data URI) -> picture
    size_t m_uploads = 0;
};

}  // namespace dlk::ui

#include "labels.hpp"

namespace shitong::detail {

std::string item_title(std::string_view code, std::string_view name, std::string_view sub_name) {
  std::string s;
  s.reserve(code.size() + name.size() + sub_name.size() + 8);
  s.append(code).append(" ").append(name);
  if (!sub_name.empty()) s.append("（").append(sub_name).append("）");
  return s;
}

std::string item_title(const Item &it) {
  return item_title(it.code.value, it.name.value, it.sub_name.present ? std::string_view(it.sub_name.value) : "");
}

std::string_view unit_en(std::string_view unit) {
  return unit == "自然日" ? "calendar days" : "working days";
}

} // namespace shitong::detail

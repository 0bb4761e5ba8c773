"""Reply letters (政府信息公开申请答复书): reading, locating the template's elements, and letter facts."""

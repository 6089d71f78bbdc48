"""The bundled demo newspaper: a fictional Báo Quảng Nam on the ONECMS markup, served locally."""

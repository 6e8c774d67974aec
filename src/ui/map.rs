//! The offline map: country borders from the bundle drawn as SVG, place markers, clusters, pan and zoom.
//! (Placeholder: being written.)

throw { plain: true };
